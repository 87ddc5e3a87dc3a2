/**
 * The encoder's steps over one set of buffers, each on a range so that workers can share them
 * (the buffers other than the blob may live in SharedArrayBuffers):
 *  1. `expandPrimaryColumns`: columns c0..c1 of the k1 x k2 message grow to n rows (the parity
 *     rows k1..n-1 of the primary slivers), from those columns gathered by `gatherColumns`;
 *  2. `expandRowBlock`: one block of B = 2^j rows of the n x k2 matrix grows to n columns; the
 *     symbols of rows < k1 are the secondary slivers; every symbol of the block is leaf-hashed
 *     once and serves both trees: the block's rows are whole, so their roots (primary sliver
 *     hashes) are done, and each column gets the root of its subtree over the block's rows (a
 *     node at level j of the column tree). The block is then dropped;
 *  3. `rootsOfColumns`: each column tree finished from its n/B subtree roots (secondary hashes).
 * The blob is never copied: the systematic rows (primary slivers 0..k1-1) are read where the
 * caller's bytes are, except the blob's last partial row and the zero padding after it (`tail`).
 * Memory: the blob, the parity rows and secondary slivers (the encoded size minus the blob),
 * n * n/B * 32 bytes of subtree roots, and one block.
 */
import { DIGEST_LEN, type HashEngine } from './hash.ts';
import { expandRowsAndHash, scratch } from './expand.ts';
import type { RsEngine } from './rs.ts';

export interface EncodeLayout {
  nShards: number;
  k1: number;
  k2: number;
  symbolSize: number;
  /** Rows per step-2 block, a power of two (see `blockRowsFor`). */
  blockRows: number;
  /** Systematic rows held whole by the blob: min(k1, floor(length / (k2 * symbolSize))). */
  wholeRows: number;
}

export interface EncodeBuffers {
  /**
   * Systematic rows `sourceFirstRow`.. (below `wholeRows`) one after another, row r at
   * (r - sourceFirstRow) * k2 * s: the caller's blob itself (not copied, not necessarily shared),
   * or on a worker the rows staged for its task.
   */
  source: Uint8Array;
  sourceFirstRow: number;
  /** Systematic rows wholeRows..k1-1: the rest of the blob, zero padded. */
  tail: Uint8Array;
  /** Primary slivers k1..n-1, sliver i at (i - k1) * k2 * s. */
  parity: Uint8Array;
  /** n secondary slivers of k1 symbols, sliver j at j * k1 * s; empty when they are not kept. */
  secondary: Uint8Array;
  /** Root of column c's subtree over row block b at (c * blocks + b) * 32. */
  columnSubtrees: Uint8Array;
  /** Hash of primary sliver i at i * 32. */
  primaryHashes: Uint8Array;
  /** Hash of secondary sliver j at j * 32. */
  secondaryHashes: Uint8Array;
}

/** Systematic rows that `length` bytes fill completely (see `EncodeLayout.wholeRows`). */
export function wholeRowsOf(k1: number, k2: number, symbolSize: number, length: number): number {
  return Math.min(k1, Math.floor(length / (k2 * symbolSize)));
}

/**
 * Primary sliver (row) r: a view into the blob, the tail or the parity rows.
 * @throws RangeError if row r is a blob row that `bufs.source` does not hold.
 */
export function primaryRow(layout: EncodeLayout, bufs: EncodeBuffers, r: number): Uint8Array {
  const { k1, k2, symbolSize: s, wholeRows } = layout;
  const rowLen = k2 * s;
  if (r >= k1) return bufs.parity.subarray((r - k1) * rowLen, (r - k1 + 1) * rowLen);
  if (r >= wholeRows)
    return bufs.tail.subarray((r - wholeRows) * rowLen, (r - wholeRows + 1) * rowLen);
  const at = (r - bufs.sourceFirstRow) * rowLen;
  if (at < 0 || at + rowLen > bufs.source.length)
    throw new RangeError(`row ${r} is not among the blob rows this thread holds`);
  return bufs.source.subarray(at, at + rowLen);
}

/** Number of step-2 blocks. */
export function blockCount(layout: EncodeLayout): number {
  return Math.ceil(layout.nShards / layout.blockRows);
}

/**
 * Rows per block: the largest power of two that keeps a block's expansion near `budget` bytes and
 * its leaf hashes near `budget` bytes (at least 1, at most the next power of two >= n).
 */
export function blockRowsFor(nShards: number, symbolSize: number, budget = 8 << 20): number {
  const limit = Math.max(
    1,
    Math.min(
      Math.floor(budget / (nShards * symbolSize)),
      Math.floor(budget / (nShards * DIGEST_LEN)),
    ),
  );
  let rows = 1;
  while (rows * 2 <= limit && rows < nShards) rows *= 2;
  return rows;
}

/**
 * Allocates the buffers of one encoding of `blob`, in shared memory when workers will fill them
 * (the blob itself is only referenced). Without `keepSecondary` the secondary slivers are hashed
 * but not stored (enough for a blob ID).
 */
export function allocateBuffers(
  layout: EncodeLayout,
  blob: Uint8Array,
  shared: boolean,
  keepSecondary = true,
): EncodeBuffers {
  const { nShards: n, k1, k2, symbolSize: s, wholeRows } = layout;
  const make = (size: number) =>
    shared ? new Uint8Array(new SharedArrayBuffer(size)) : new Uint8Array(size);
  const rowLen = k2 * s;
  const tail = make((k1 - wholeRows) * rowLen);
  tail.set(blob.subarray(wholeRows * rowLen));
  return {
    source: blob.subarray(0, wholeRows * rowLen),
    sourceFirstRow: 0,
    tail,
    parity: make((n - k1) * rowLen),
    secondary: make(keepSecondary ? n * k1 * s : 0),
    columnSubtrees: make(n * blockCount(layout) * DIGEST_LEN),
    primaryHashes: make(n * DIGEST_LEN),
    secondaryHashes: make(n * DIGEST_LEN),
  };
}

/**
 * Columns per step-1 range: about `budget` bytes of gathered blob rows (plus (n - k1) / k1 times
 * as much parity, and both again in the RS engine's wasm memory, all kept per thread).
 */
export function columnsPerRange(layout: EncodeLayout, budget = 1 << 20): number {
  return Math.max(1, Math.min(layout.k2, Math.floor(budget / (layout.k1 * layout.symbolSize))));
}

/** Copies columns c0..c1 of the k1 systematic rows into `out` (k1 shards of (c1 - c0) symbols). */
export function gatherColumns(
  layout: EncodeLayout,
  bufs: EncodeBuffers,
  c0: number,
  c1: number,
  out: Uint8Array,
): void {
  const { k1, symbolSize: s } = layout;
  const width = (c1 - c0) * s;
  for (let r = 0; r < k1; r++)
    out.set(primaryRow(layout, bufs, r).subarray(c0 * s, c1 * s), r * width);
}

/**
 * Step 1 for columns c0..c1: `originals` holds those columns of the k1 systematic rows (see
 * `gatherColumns`); fills the parity rows k1..n-1 at those columns.
 */
export function expandPrimaryColumns(
  rs: RsEngine,
  layout: EncodeLayout,
  originals: Uint8Array,
  c0: number,
  c1: number,
  parity: Uint8Array,
): void {
  const { nShards: n, k1, k2, symbolSize: s } = layout;
  const m = n - k1;
  if (c0 === 0 && c1 === k2) {
    rs.encode(k1, m, s, k2, originals, parity);
    return;
  }
  const width = (c1 - c0) * s;
  const rowLen = k2 * s;
  const recovery = scratch(1, m * width);
  rs.encode(k1, m, s, c1 - c0, originals, recovery);
  for (let r = 0; r < m; r++)
    parity.set(recovery.subarray(r * width, (r + 1) * width), r * rowLen + c0 * s);
}

/** Step 2 for row block `block` (needs step 1 done for all columns). */
export function expandRowBlock(
  rs: RsEngine,
  hash: HashEngine,
  layout: EncodeLayout,
  bufs: EncodeBuffers,
  block: number,
): void {
  const { nShards: n, k1, k2, symbolSize: s, blockRows } = layout;
  const r0 = block * blockRows;
  const r1 = Math.min(n, r0 + blockRows);
  const count = r1 - r0;
  const rows = Array.from({ length: count }, (_, b) => primaryRow(layout, bufs, r0 + b));
  // Block leaves column-major: symbol (row r0 + b, column c) at (c * count + b).
  const leaves = scratch(2, n * count * DIGEST_LEN);
  const { originals, recovery } = expandRowsAndHash(
    rs,
    hash,
    k2,
    n - k2,
    s,
    rows,
    leaves,
    count,
    0,
  );
  const systematicRows = Math.min(r1, k1) - r0;
  if (systematicRows > 0 && bufs.secondary.length > 0) {
    const shardLen = count * s;
    const take = systematicRows * s;
    for (let c = 0; c < n; c++) {
      const shard =
        c < k2 ? originals.subarray(c * shardLen) : recovery.subarray((c - k2) * shardLen);
      bufs.secondary.set(shard.subarray(0, take), c * k1 * s + r0 * s);
    }
  }
  // Whole rows: leaf c of row b is at c * count + b.
  bufs.primaryHashes.set(hash.merkleRoots(leaves, count, n, 'leaf-major'), r0 * DIGEST_LEN);
  // Column subtrees over this block's rows: leaf b of column c is at c * count + b.
  let sub = hash.merkleRoots(leaves, n, count, 'tree-major');
  const blocks = blockCount(layout);
  if (blocks > 1)
    sub = raiseToLevel(hash, sub, n, Math.ceil(Math.log2(count)), Math.log2(blockRows));
  for (let c = 0; c < n; c++) {
    bufs.columnSubtrees.set(
      sub.subarray(c * DIGEST_LEN, (c + 1) * DIGEST_LEN),
      (c * blocks + block) * DIGEST_LEN,
    );
  }
}

/**
 * A short last block's subtree roots sit at level `from`; in the whole column tree each such node
 * is the last of an odd level up to level `to`, so it is paired with an empty (zero) sibling at
 * every level in between.
 */
function raiseToLevel(
  hash: HashEngine,
  roots: Uint8Array,
  count: number,
  from: number,
  to: number,
): Uint8Array {
  if (from >= to) return roots;
  const pairs = new Uint8Array(count * 2 * DIGEST_LEN);
  let current = roots;
  for (let level = from; level < to; level++) {
    for (let t = 0; t < count; t++)
      pairs.set(current.subarray(t * DIGEST_LEN, (t + 1) * DIGEST_LEN), t * 2 * DIGEST_LEN);
    const next = new Uint8Array(count * DIGEST_LEN);
    hash.innerHashes(pairs, count, next, 0);
    current = next;
  }
  return current;
}

/** Columns per hash-engine call in step 3: bounds the engine's wasm memory, which never shrinks. */
const ROOT_COLUMNS = 64;

/** Step 3 for columns c0..c1 (needs every block of step 2): the secondary sliver hashes. */
export function rootsOfColumns(
  hash: HashEngine,
  layout: EncodeLayout,
  bufs: EncodeBuffers,
  c0: number,
  c1: number,
): void {
  const blocks = blockCount(layout);
  for (let from = c0; from < c1; from += ROOT_COLUMNS) {
    const to = Math.min(c1, from + ROOT_COLUMNS);
    const subtrees = bufs.columnSubtrees.subarray(
      from * blocks * DIGEST_LEN,
      to * blocks * DIGEST_LEN,
    );
    const roots =
      blocks === 1 ? subtrees : hash.merkleRoots(subtrees, to - from, blocks, 'tree-major');
    bufs.secondaryHashes.set(roots, from * DIGEST_LEN);
  }
}

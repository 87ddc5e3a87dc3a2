/**
 * The hot kernels of RS2, shared by the encoder (single-threaded or in workers over shared
 * memory) and by sliver verification:
 *  - expanding the message matrix's columns from k1 to n symbols (the primary slivers), and
 *  - expanding a batch of slivers to n symbols along the other axis and hashing every symbol
 *    once; one symbol hash serves both the row tree and the column tree.
 * Leaf hashes are kept column-major per batch: hash of (sliver b, position c) at (c * stride + b).
 */
import { DIGEST_LEN, type HashEngine } from './hash.ts';
import type { RsEngine } from './rs.ts';

/**
 * Writes the transpose of `count` slivers of `k` symbols each (sliver-major) into `out` as k
 * shards of `count` symbols (shard-major), the layout `RsEngine` codes column by column.
 */
export function transposeSymbols(
  slivers: Uint8Array,
  count: number,
  k: number,
  s: number,
  out: Uint8Array,
): void {
  const rows = Array.from({ length: count }, (_, b) =>
    slivers.subarray(b * k * s, (b + 1) * k * s),
  );
  transposeRows(rows, k, s, out);
}

/**
 * `transposeSymbols` for slivers that need not be adjacent: `rows[b]` holds sliver b's k symbols
 * (so the encoder can read rows where they already are instead of copying them together first).
 */
export function transposeRows(
  rows: readonly Uint8Array[],
  k: number,
  s: number,
  out: Uint8Array,
): void {
  const count = rows.length;
  const shardLen = count * s;
  const words = s < 48 && out.byteOffset % 2 === 0;
  const dst = words ? new Uint16Array(out.buffer, out.byteOffset, (k * shardLen) >>> 1) : undefined;
  for (let b = 0; b < count; b++) {
    const row = rows[b];
    if (dst !== undefined && row.byteOffset % 2 === 0) {
      // Small (always even) symbols: a 16-bit word loop beats a typed-array call per symbol.
      const src = new Uint16Array(row.buffer, row.byteOffset, (k * s) >>> 1);
      const w = s >>> 1;
      const shardWords = shardLen >>> 1;
      for (let c = 0; c < k; c++) {
        const from = c * w;
        const to = c * shardWords + b * w;
        for (let i = 0; i < w; i++) dst[to + i] = src[from + i];
      }
      continue;
    }
    for (let c = 0; c < k; c++) out.set(row.subarray(c * s, (c + 1) * s), c * shardLen + b * s);
  }
}

/**
 * Reusable per-thread work areas: a fresh multi-MiB array per block costs zeroing, page faults
 * and, on worker threads, garbage that outlives the encoding until the next collection. A caller
 * uses a slot's array before the next call on this thread that takes the same slot.
 */
const scratchAreas: Uint8Array[] = [new Uint8Array(0), new Uint8Array(0), new Uint8Array(0)];
const SCRATCH_KEEP = 32 << 20;

/** Slot 0 and 1: `expandAndHash`'s shards; slot 2: the encoder's leaf hashes per block. */
export function scratch(slot: 0 | 1 | 2, size: number): Uint8Array {
  if (size > SCRATCH_KEEP) return new Uint8Array(size);
  // Exactly the size asked for: an encoding asks for the same few sizes block after block.
  if (scratchAreas[slot].length < size) scratchAreas[slot] = new Uint8Array(size);
  return scratchAreas[slot].subarray(0, size);
}

export interface ExpandedBatch {
  /** k shards (positions 0..k-1) of `count` symbols: the slivers transposed (valid until the next call). */
  originals: Uint8Array;
  /** m shards (positions k..n-1) of `count` symbols. */
  recovery: Uint8Array;
}

/**
 * Expands `count` slivers of `k` symbols each (stored one after another in `slivers`) to n = k + m
 * symbols, and writes the leaf hash of symbol c of sliver b to `leafOut` at
 * ((c * leafStride + leafBase + b) * 32).
 */
export function expandAndHash(
  rs: RsEngine,
  hash: HashEngine,
  k: number,
  m: number,
  s: number,
  slivers: Uint8Array,
  count: number,
  leafOut: Uint8Array,
  leafStride: number,
  leafBase: number,
): ExpandedBatch {
  const rows = Array.from({ length: count }, (_, b) =>
    slivers.subarray(b * k * s, (b + 1) * k * s),
  );
  return expandRowsAndHash(rs, hash, k, m, s, rows, leafOut, leafStride, leafBase);
}

/** `expandAndHash` for slivers that need not be adjacent (sliver b is `rows[b]`). */
export function expandRowsAndHash(
  rs: RsEngine,
  hash: HashEngine,
  k: number,
  m: number,
  s: number,
  rows: readonly Uint8Array[],
  leafOut: Uint8Array,
  leafStride: number,
  leafBase: number,
): ExpandedBatch {
  const count = rows.length;
  const shardLen = count * s;
  const originals = scratch(0, k * shardLen);
  transposeRows(rows, k, s, originals);
  const recovery = scratch(1, m * shardLen);
  rs.encode(k, m, s, count, originals, recovery);
  for (let c = 0; c < k + m; c++) {
    const shard = c < k ? originals.subarray(c * shardLen) : recovery.subarray((c - k) * shardLen);
    hash.leafHashes(shard, s, count, leafOut, (c * leafStride + leafBase) * DIGEST_LEN);
  }
  return { originals, recovery };
}

/** Trees per hash-engine call: bounds the engine's working memory (~2 * n * 32 bytes per tree). */
const TREES_PER_CALL = 64;

/**
 * Merkle roots of trees first..first+count, where leaf c of tree t is at (c * leafStride + t) in
 * `leaves` (n leaves per tree); roots go to `out` at (outBase + t - first) * 32.
 */
export function stridedRoots(
  hash: HashEngine,
  leaves: Uint8Array,
  n: number,
  leafStride: number,
  first: number,
  count: number,
  out: Uint8Array,
  outBase: number,
): void {
  for (let t0 = 0; t0 < count; t0 += TREES_PER_CALL) {
    const trees = Math.min(TREES_PER_CALL, count - t0);
    const block = new Uint8Array(n * trees * DIGEST_LEN);
    for (let c = 0; c < n; c++) {
      const from = (c * leafStride + first + t0) * DIGEST_LEN;
      block.set(leaves.subarray(from, from + trees * DIGEST_LEN), c * trees * DIGEST_LEN);
    }
    out.set(hash.merkleRoots(block, trees, n, 'leaf-major'), (outBase + t0) * DIGEST_LEN);
  }
}

/**
 * Sliver hashes of `count` slivers of one axis: each sliver (k symbols) is expanded to n
 * symbols and its hash is the Merkle root over them. Returns count * 32 bytes.
 */
export function sliverHashes(
  rs: RsEngine,
  hash: HashEngine,
  k: number,
  n: number,
  s: number,
  slivers: Uint8Array,
  count: number,
): Uint8Array {
  const out = new Uint8Array(count * DIGEST_LEN);
  // Bound the transient expansion to ~16 MiB per batch.
  const batch = Math.max(1, Math.min(count, Math.floor((16 << 20) / Math.max(1, n * s))));
  for (let b0 = 0; b0 < count; b0 += batch) {
    const b = Math.min(batch, count - b0);
    const leaves = new Uint8Array(n * b * DIGEST_LEN);
    expandAndHash(
      rs,
      hash,
      k,
      n - k,
      s,
      slivers.subarray(b0 * k * s, (b0 + b) * k * s),
      b,
      leaves,
      b,
      0,
    );
    stridedRoots(hash, leaves, n, b, 0, b, out, b0);
  }
  return out;
}

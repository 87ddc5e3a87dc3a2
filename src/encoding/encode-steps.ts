/**
 * The encoder's steps over one set of buffers, each on a range so that workers can share them
 * (the buffers may live in SharedArrayBuffers):
 *  1. `expandPrimaryColumns`: columns c0..c1 of the k1 x k2 message grow to n rows (primary slivers);
 *  2. `expandRows`: rows r0..r1 of the n x k2 matrix grow to n columns; the symbols of rows < k1
 *     are the secondary slivers; every symbol of the n x n matrix is leaf-hashed once, and the
 *     block is dropped;
 *  3. `rootsOfColumns` / `rootsOfRows`: sliver hashes from the leaf hashes.
 * Memory: the slivers (the encoded size) plus n * n * 32 bytes of leaf hashes.
 */
import { DIGEST_LEN, type HashEngine } from './hash.ts';
import { contiguousRoots, expandAndHash, stridedRoots } from './expand.ts';
import type { RsEngine } from './rs.ts';

export interface EncodeLayout {
  nShards: number;
  k1: number;
  k2: number;
  symbolSize: number;
}

export interface EncodeBuffers {
  /** n primary slivers of k2 symbols, sliver i at i * k2 * s; rows < k1 are the padded blob. */
  primary: Uint8Array;
  /** n secondary slivers of k1 symbols, sliver j at j * k1 * s; empty when they are not kept. */
  secondary: Uint8Array;
  /** Leaf hash of symbol (row r, column c) at (c * n + r) * 32. */
  leaves: Uint8Array;
  /** Hash of primary sliver i at i * 32. */
  primaryHashes: Uint8Array;
  /** Hash of secondary sliver j at j * 32. */
  secondaryHashes: Uint8Array;
}

/**
 * Allocates the buffers of one encoding, in shared memory when workers will fill them. Without
 * `keepSecondary` the secondary slivers are hashed but not stored (enough for a blob ID).
 */
export function allocateBuffers(layout: EncodeLayout, shared: boolean, keepSecondary = true): EncodeBuffers {
  const { nShards: n, k1, k2, symbolSize: s } = layout;
  const make = (size: number) => (shared ? new Uint8Array(new SharedArrayBuffer(size)) : new Uint8Array(size));
  return {
    primary: make(n * k2 * s),
    secondary: make(keepSecondary ? n * k1 * s : 0),
    leaves: make(n * n * DIGEST_LEN),
    primaryHashes: make(n * DIGEST_LEN),
    secondaryHashes: make(n * DIGEST_LEN),
  };
}

/** Step 1 for columns c0..c1: fills primary slivers k1..n-1 at those columns. */
export function expandPrimaryColumns(rs: RsEngine, layout: EncodeLayout, bufs: EncodeBuffers, c0: number, c1: number): void {
  const { nShards: n, k1, k2, symbolSize: s } = layout;
  const m = n - k1;
  const rowLen = k2 * s;
  if (c0 === 0 && c1 === k2) {
    rs.encode(k1, m, s, k2, bufs.primary.subarray(0, k1 * rowLen), bufs.primary.subarray(k1 * rowLen));
    return;
  }
  const width = (c1 - c0) * s;
  const originals = new Uint8Array(k1 * width);
  for (let r = 0; r < k1; r++) originals.set(bufs.primary.subarray(r * rowLen + c0 * s, r * rowLen + c1 * s), r * width);
  const recovery = new Uint8Array(m * width);
  rs.encode(k1, m, s, c1 - c0, originals, recovery);
  for (let r = 0; r < m; r++) {
    bufs.primary.set(recovery.subarray(r * width, (r + 1) * width), (k1 + r) * rowLen + c0 * s);
  }
}

/** Step 2 for rows r0..r1 (needs step 1 done for all columns). */
export function expandRows(
  rs: RsEngine,
  hash: HashEngine,
  layout: EncodeLayout,
  bufs: EncodeBuffers,
  r0: number,
  r1: number,
): void {
  const { nShards: n, k1, k2, symbolSize: s } = layout;
  const count = r1 - r0;
  const rows = bufs.primary.subarray(r0 * k2 * s, r1 * k2 * s);
  const { originals, recovery } = expandAndHash(rs, hash, k2, n - k2, s, rows, count, bufs.leaves, n, r0);
  const systematicRows = Math.min(r1, k1) - r0;
  if (systematicRows <= 0 || bufs.secondary.length === 0) return;
  const shardLen = count * s;
  const take = systematicRows * s;
  for (let c = 0; c < n; c++) {
    const shard = c < k2 ? originals.subarray(c * shardLen) : recovery.subarray((c - k2) * shardLen);
    bufs.secondary.set(shard.subarray(0, take), c * k1 * s + r0 * s);
  }
}

/** Step 3a: hashes of secondary slivers (columns) c0..c1. */
export function rootsOfColumns(hash: HashEngine, layout: EncodeLayout, bufs: EncodeBuffers, c0: number, c1: number): void {
  contiguousRoots(hash, bufs.leaves, layout.nShards, c0, c1 - c0, bufs.secondaryHashes, c0);
}

/** Step 3b: hashes of primary slivers (rows) r0..r1. */
export function rootsOfRows(hash: HashEngine, layout: EncodeLayout, bufs: EncodeBuffers, r0: number, r1: number): void {
  const n = layout.nShards;
  stridedRoots(hash, bufs.leaves, n, n, r0, r1 - r0, bufs.primaryHashes, r0);
}

/** Rows per step-2 block so that one block's expansion stays near `budget` bytes. */
export function rowBlockSize(layout: EncodeLayout, budget = 8 << 20): number {
  return Math.max(1, Math.min(layout.nShards, Math.floor(budget / (layout.nShards * layout.symbolSize))));
}

/**
 * The `@typeberry/native` Reed-Solomon adapter: the independent reference the SIMD engine of
 * src/primitives is tested against (test/encoding/rs.test.ts). Test-only, so that production code
 * never loads the package (it inlines three wasm binaries, tens of MiB of resident memory).
 */
import type { RsEngine } from '../../src/encoding/rs.ts';
import { selectShards } from '../../src/primitives/reed-solomon.ts';

/** reed-solomon-simd works on 64-byte chunks of 32 GF(2^16) elements (low bytes, high bytes). */
const CHUNK = 64;
/** `@typeberry/native` traps on shards of 64 KiB or more. */
const MAX_PIECE = 65536 - CHUNK;

/**
 * Bytes one shard of `cols` symbols takes in reed-solomon-simd's layout as this adapter packs it:
 * symbols of a multiple of 64 bytes as they are; smaller symbols packed densely, element by
 * element (every GF(2^16) element position is an independent codeword, so packing changes
 * nothing but the wasted work); larger ones padded to a multiple of 64 with the crate's tail layout.
 */
export function packedShardLength(s: number, cols: number): number {
  if (s % CHUNK === 0) return cols * s;
  if (s < CHUNK) return Math.ceil((cols * s) / CHUNK) * CHUNK;
  return cols * Math.ceil(s / CHUNK) * CHUNK;
}

/**
 * Packs `shards` shards of `cols` symbols of `s` bytes (s not a multiple of 64) into the layout of
 * `packedShardLength`. A symbol's tail of t bytes holds t/2 elements: element u has its low byte
 * at tail[u] and its high byte at tail[t/2 + u] (reed-solomon-simd puts them at chunk offsets
 * u and 32 + u); a whole 64-byte chunk holds 32 elements the same way.
 */
export function packShards(src: Uint8Array, s: number, cols: number, shards: number): Uint8Array {
  const len = packedShardLength(s, cols);
  const dst = new Uint8Array(shards * len);
  const full = s - (s % CHUNK);
  const half = (s % CHUNK) / 2;
  for (let i = 0; i < shards; i++) {
    const srcBase = i * cols * s;
    const dstBase = i * len;
    if (s < CHUNK) {
      for (let c = 0; c < cols; c++) {
        const from = srcBase + c * s;
        for (let u = 0, e = c * half; u < half; u++, e++) {
          const at = dstBase + (e >>> 5) * CHUNK + (e & 31);
          dst[at] = src[from + u];
          dst[at + 32] = src[from + half + u];
        }
      }
    } else {
      const sp = len / cols;
      for (let c = 0; c < cols; c++) {
        const from = srcBase + c * s;
        const to = dstBase + c * sp;
        dst.set(src.subarray(from, from + full), to);
        for (let u = 0; u < half; u++) {
          dst[to + full + u] = src[from + full + u];
          dst[to + full + 32 + u] = src[from + full + half + u];
        }
      }
    }
  }
  return dst;
}

/** Inverse of `packShards`, writing `shards * cols * s` bytes into `dst`. */
export function unpackShards(
  src: Uint8Array,
  s: number,
  cols: number,
  shards: number,
  dst: Uint8Array,
): void {
  const len = packedShardLength(s, cols);
  const full = s - (s % CHUNK);
  const half = (s % CHUNK) / 2;
  for (let i = 0; i < shards; i++) {
    const srcBase = i * len;
    const dstBase = i * cols * s;
    if (s < CHUNK) {
      for (let c = 0; c < cols; c++) {
        const to = dstBase + c * s;
        for (let u = 0, e = c * half; u < half; u++, e++) {
          const at = srcBase + (e >>> 5) * CHUNK + (e & 31);
          dst[to + u] = src[at];
          dst[to + half + u] = src[at + 32];
        }
      }
    } else {
      const sp = len / cols;
      for (let c = 0; c < cols; c++) {
        const from = srcBase + c * sp;
        const to = dstBase + c * s;
        dst.set(src.subarray(from, from + full), to);
        for (let u = 0; u < half; u++) {
          dst[to + full + u] = src[from + full + u];
          dst[to + full + half + u] = src[from + full + 32 + u];
        }
      }
    }
  }
}

type Typeberry = typeof import('@typeberry/native');

class TypeberryEngine implements RsEngine {
  readonly name = '@typeberry/native';

  constructor(private readonly lib: Typeberry) {}

  encode(
    k: number,
    m: number,
    s: number,
    cols: number,
    originals: Uint8Array,
    out: Uint8Array,
  ): void {
    const aligned = s % CHUNK === 0;
    const src = aligned ? originals : packShards(originals, s, cols, k);
    const len = packedShardLength(s, cols);
    const dst = aligned ? out : new Uint8Array(m * len);
    for (let off = 0; off < len; off += MAX_PIECE) {
      const w = Math.min(MAX_PIECE, len - off);
      const piece = new Uint8Array(k * w);
      for (let i = 0; i < k; i++) piece.set(src.subarray(i * len + off, i * len + off + w), i * w);
      const rec = this.lib.reedSolomon
        .encode(m, new this.lib.reedSolomon.ShardsCollection(w, piece))
        .take_data();
      for (let j = 0; j < m; j++) dst.set(rec.subarray(j * w, (j + 1) * w), j * len + off);
    }
    if (!aligned) unpackShards(dst, s, cols, m, out);
  }

  decode(
    k: number,
    m: number,
    s: number,
    cols: number,
    shards: Uint8Array,
    indices: ArrayLike<number>,
    out: Uint8Array,
  ): void {
    const shardLen = cols * s;
    const { chosen, positions: picked, lost } = selectShards(k, m, shardLen, shards, indices, out);
    if (lost.length === 0) return;
    const aligned = s % CHUNK === 0;
    const len = packedShardLength(s, cols);
    const positions = Uint16Array.from(picked);
    const given = new Uint8Array(k * len);
    for (let c = 0; c < k; c++) {
      const shard = shards.subarray(chosen[c] * shardLen, (chosen[c] + 1) * shardLen);
      given.set(aligned ? shard : packShards(shard, s, cols, 1), c * len);
    }
    const restored = new Uint8Array(lost.length * len);
    let restoredIdx: Uint16Array | undefined;
    for (let off = 0; off < len; off += MAX_PIECE) {
      const w = Math.min(MAX_PIECE, len - off);
      const piece = new Uint8Array(k * w);
      for (let c = 0; c < k; c++)
        piece.set(given.subarray(c * len + off, c * len + off + w), c * w);
      const result = this.lib.reedSolomon.decode(
        k,
        m,
        new this.lib.reedSolomon.ShardsCollection(w, piece, positions.slice()),
      );
      const idx = result.take_indices() ?? new Uint16Array(0);
      const data = result.take_data();
      restoredIdx ??= idx;
      for (let r = 0; r < idx.length; r++)
        restored.set(data.subarray(r * w, (r + 1) * w), r * len + off);
    }
    const got = restoredIdx ?? new Uint16Array(0);
    for (let r = 0; r < got.length; r++) {
      const target = out.subarray(got[r] * shardLen, (got[r] + 1) * shardLen);
      const piece = restored.subarray(r * len, (r + 1) * len);
      if (aligned) target.set(piece);
      else unpackShards(piece, s, cols, 1, target);
    }
  }
}

/** The `@typeberry/native` engine: the reference the fast engine is tested and benchmarked against. */
export async function loadTypeberryRsEngine(): Promise<RsEngine> {
  // Imported on demand: the package inlines three wasm binaries, tens of MiB of resident memory.
  const lib = await import('@typeberry/native');
  await lib.init.reedSolomon();
  return new TypeberryEngine(lib);
}

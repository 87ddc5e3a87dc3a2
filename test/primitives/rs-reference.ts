/**
 * The reference for the Reed-Solomon differential tests: `@typeberry/native` (reed-solomon-simd
 * compiled to wasm), fed shards in the crate's layout for lengths that are not multiples of 64.
 */
import { init, reedSolomon } from '@typeberry/native';

const MAX_PIECE = 65536 - 64;

let ready: Promise<unknown> | undefined;
export function loadReference(): Promise<unknown> {
  ready ??= init.reedSolomon();
  return ready;
}

/** Pads one s-byte symbol to a multiple of 64 as reed-solomon-simd stores its tail. */
function pad(sym: Uint8Array, s: number): Uint8Array {
  const sp = Math.ceil(s / 64) * 64;
  const whole = s - (s % 64);
  const half = (s % 64) / 2;
  const out = new Uint8Array(sp);
  out.set(sym.subarray(0, whole));
  if (half > 0) {
    out.set(sym.subarray(whole, whole + half), whole);
    out.set(sym.subarray(whole + half, s), whole + 32);
  }
  return out;
}

function unpad(p: Uint8Array, s: number): Uint8Array {
  const whole = s - (s % 64);
  const half = (s % 64) / 2;
  const out = new Uint8Array(s);
  out.set(p.subarray(0, whole));
  if (half > 0) {
    out.set(p.subarray(whole, whole + half), whole);
    out.set(p.subarray(whole + 32, whole + 32 + half), whole + half);
  }
  return out;
}

/** Recovery shards of each column coded on its own (shards: k x cols symbols of s bytes). */
export function referenceEncode(
  k: number,
  m: number,
  s: number,
  cols: number,
  originals: Uint8Array,
): Uint8Array {
  const sp = Math.ceil(s / 64) * 64;
  const row = cols * s;
  const out = new Uint8Array(m * row);
  for (let c = 0; c < cols; c++) {
    const shards = new Uint8Array(k * sp);
    for (let i = 0; i < k; i++)
      shards.set(pad(originals.subarray(i * row + c * s, i * row + (c + 1) * s), s), i * sp);
    // typeberry traps on shards of 64 KiB or more: code 64-byte-aligned pieces separately
    // (every GF(2^16) element position is its own codeword, so this changes nothing).
    const rec = new Uint8Array(m * sp);
    for (let off = 0; off < sp; off += MAX_PIECE) {
      const w = Math.min(MAX_PIECE, sp - off);
      const piece = new Uint8Array(k * w);
      for (let i = 0; i < k; i++) piece.set(shards.subarray(i * sp + off, i * sp + off + w), i * w);
      const got = reedSolomon.encode(m, new reedSolomon.ShardsCollection(w, piece)).take_data();
      for (let j = 0; j < m; j++) rec.set(got.subarray(j * w, (j + 1) * w), j * sp + off);
    }
    for (let j = 0; j < m; j++)
      out.set(unpad(rec.subarray(j * sp, (j + 1) * sp), s), j * row + c * s);
  }
  return out;
}

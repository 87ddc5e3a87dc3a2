/** Helpers shared by the bench scripts. */

/** Deterministic pseudo-random bytes (xorshift32 from `seed`), so runs compare like with like. */
export function bytes(len: number, seed: number): Uint8Array {
  const out = new Uint8Array(len);
  let x = seed | 1;
  for (let i = 0; i < len; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 255;
  }
  return out;
}

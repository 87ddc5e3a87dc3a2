import { blake2b } from '@noble/hashes/blake2.js';

/** Deterministic bytes for tests: blake2b of (seed, counter). */
export function seededBytes(seed: number): (n: number) => Uint8Array {
  let counter = 0;
  return (n: number) => {
    const out = new Uint8Array(n);
    for (let off = 0; off < n; off += 32) {
      const block = blake2b(Uint8Array.of(seed & 0xff, seed >> 8, counter & 0xff, counter >> 8), {
        dkLen: 32,
      });
      counter++;
      out.set(block.subarray(0, Math.min(32, n - off)), off);
    }
    return out;
  };
}

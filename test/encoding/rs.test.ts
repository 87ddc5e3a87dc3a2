import { describe, expect, it } from 'vitest';
import { loadRsEngine } from '../../src/encoding/rs.ts';
import { loadTypeberryRsEngine, packShards, unpackShards } from './typeberry-rs.ts';
import { hex, sampleBytes } from './helpers.ts';

describe('RS engines', () => {
  it('the SIMD engine and @typeberry/native agree on encode and decode, aligned or not', async () => {
    const fast = await loadRsEngine();
    const reference = await loadTypeberryRsEngine();
    for (const [k, m, s, cols] of [
      [2, 2, 2, 1],
      [3, 4, 6, 5],
      [4, 6, 64, 3],
      [7, 3, 66, 4],
      [34, 66, 302, 9],
      [67, 33, 6, 200],
    ] as const) {
      const originals = sampleBytes(k * cols * s, k * 1000 + s);
      const a = new Uint8Array(m * cols * s);
      const b = new Uint8Array(m * cols * s);
      fast.encode(k, m, s, cols, originals, a);
      reference.encode(k, m, s, cols, originals, b);
      expect(hex(a), `encode k=${k} m=${m} s=${s}`).toBe(hex(b));
      // Decode from the last k positions of the codeword (mostly recovery shards).
      const all = new Uint8Array((k + m) * cols * s);
      all.set(originals);
      all.set(a, k * cols * s);
      const positions = Array.from({ length: k }, (_, i) => k + m - 1 - i);
      const shards = new Uint8Array(k * cols * s);
      positions.forEach((p, i) =>
        shards.set(all.subarray(p * cols * s, (p + 1) * cols * s), i * cols * s),
      );
      for (const engine of [fast, reference]) {
        const out = new Uint8Array(k * cols * s);
        engine.decode(k, m, s, cols, shards, positions, out);
        expect(hex(out), `${engine.name} decode k=${k} s=${s}`).toBe(hex(originals));
      }
      expect(() =>
        fast.decode(k, m, s, cols, shards, positions.slice(1), new Uint8Array(k * cols * s)),
      ).toThrow(RangeError);
    }
  });

  it('packing for the reference engine is lossless', () => {
    for (const s of [2, 6, 62, 66, 302]) {
      const src = sampleBytes(3 * 5 * s, s);
      const back = new Uint8Array(src.length);
      unpackShards(packShards(src, s, 5, 3), s, 5, 3, back);
      expect(hex(back)).toBe(hex(src));
    }
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { ReedSolomonSimd } from '../../src/primitives/reed-solomon.ts';
import { loadReference, referenceEncode } from './rs-reference.ts';

/** Deterministic pseudo-random generator (xorshift32) so failures reproduce. */
function rng(seed: number): () => number {
  let x = seed | 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}
function bytes(len: number, seed: number): Uint8Array {
  const next = rng(seed);
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) out[i] = next() & 255;
  return out;
}
const same = (a: Uint8Array, b: Uint8Array): boolean =>
  Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

/** The shards at `positions` (originals, then recovery shards) laid out one after another. */
function pick(
  originals: Uint8Array,
  recovery: Uint8Array,
  k: number,
  row: number,
  positions: number[],
): Uint8Array {
  const out = new Uint8Array(positions.length * row);
  positions.forEach((p, i) => {
    const src =
      p < k
        ? originals.subarray(p * row, (p + 1) * row)
        : recovery.subarray((p - k) * row, (p - k + 1) * row);
    out.set(src, i * row);
  });
  return out;
}

// Both builds (strict swizzle and relaxed-SIMD swizzle) must produce the same bytes.
describe.each([{ relaxed: false }, { relaxed: true }])(
  'ReedSolomonSimd (relaxed: $relaxed)',
  ({ relaxed }) => {
    const rs = ReedSolomonSimd.create({ relaxed });

    it('runs the requested build', () => {
      expect(rs.kernel).toBe(relaxed ? 'reed-solomon-relaxed' : 'reed-solomon');
    });

    beforeAll(() => loadReference());

    const pairs: [number, number][] = [
      [1, 1],
      [1, 5],
      [7, 1],
      [2, 2],
      [3, 3],
      [3, 4],
      [3, 5],
      [4, 3],
      [5, 3],
      [8, 8],
      [9, 7],
      [17, 5],
      [3, 13],
      [33, 67],
      [67, 33],
      [100, 200],
      [200, 100],
      [64, 64],
      [65, 64],
      [334, 666],
      [667, 333],
    ];

    it('encodes byte-identically to reed-solomon-simd (@typeberry/native) for many (k, m) and sizes', () => {
      for (const [k, m] of pairs) {
        const big = k + m > 500;
        for (const s of big ? [6, 64, 302] : [2, 6, 62, 64, 66, 302, 4096]) {
          const data = bytes(k * s, k * 1009 + m * 7 + s);
          const out = new Uint8Array(m * s);
          rs.encode(k, m, s, 1, data, out);
          expect(same(out, referenceEncode(k, m, s, 1, data)), `k=${k} m=${m} s=${s}`).toBe(true);
        }
      }
    });

    it('encodes the largest symbols (up to 65534 bytes, one symbol per kernel group)', () => {
      for (const [k, m, s, cols] of [
        [3, 4, 65534, 1],
        [5, 3, 16386, 2],
        [4, 9, 1026, 20],
      ]) {
        const data = bytes(k * s * cols, s + k);
        const out = new Uint8Array(m * s * cols);
        rs.encode(k, m, s, cols, data, out);
        expect(same(out, referenceEncode(k, m, s, cols, data)), `k=${k} m=${m} s=${s}`).toBe(true);
        const positions = Array.from({ length: k }, (_, i) => k + m - 1 - i);
        const restored = new Uint8Array(k * s * cols);
        rs.decode(k, m, s, cols, pick(data, out, k, s * cols, positions), positions, restored);
        expect(same(restored, data), `decode k=${k} m=${m} s=${s}`).toBe(true);
      }
    });

    it('codes many columns at once exactly as column by column', () => {
      for (const [k, m, s, cols] of [
        [2, 2, 6, 5],
        [4, 7, 2, 33],
        [10, 5, 62, 9],
        [34, 66, 6, 200],
        [67, 33, 302, 7],
        [5, 3, 4096, 3],
        // Several kernel groups of tiny symbols: the unpacking of one group must not spill into
        // the next shard (a bug the n = 1000, 1-byte blob differential test caught).
        [334, 666, 2, 667],
        [667, 333, 6, 400],
        [100, 200, 2, 3000],
      ]) {
        const data = bytes(k * s * cols, k + m + s + cols);
        const out = new Uint8Array(m * s * cols);
        rs.encode(k, m, s, cols, data, out);
        expect(
          same(out, referenceEncode(k, m, s, cols, data)),
          `k=${k} m=${m} s=${s} cols=${cols}`,
        ).toBe(true);
      }
    });

    it('splits large batches into staged pieces without changing the result', () => {
      const [k, m, s, cols] = [20, 40, 302, 1500]; // 27 MB of input+output: several staged pieces
      const data = bytes(k * s * cols, 99);
      const out = new Uint8Array(m * s * cols);
      rs.encode(k, m, s, cols, data, out);
      const one = new Uint8Array(m * s);
      for (const c of [0, 1, 1234, cols - 1]) {
        const col = new Uint8Array(k * s);
        for (let i = 0; i < k; i++)
          col.set(data.subarray((i * cols + c) * s, (i * cols + c + 1) * s), i * s);
        rs.encode(k, m, s, 1, col, one);
        for (let j = 0; j < m; j++) {
          expect(
            same(
              out.subarray((j * cols + c) * s, (j * cols + c + 1) * s),
              one.subarray(j * s, (j + 1) * s),
            ),
            `col ${c} shard ${j}`,
          ).toBe(true);
        }
      }
    });

    it('decodes from any k shards: random choices, all-recovery and mostly-original choices', () => {
      const next = rng(7);
      for (const [k, m] of pairs) {
        for (const [s, cols] of [
          [6, 3],
          [64, 1],
          [302, 2],
        ]) {
          const row = s * cols;
          const data = bytes(k * row, k * 31 + m + s);
          const rec = new Uint8Array(m * row);
          rs.encode(k, m, s, cols, data, rec);
          const all = Array.from({ length: k + m }, (_, i) => i);
          const shuffled = [...all];
          for (let i = shuffled.length - 1; i > 0; i--) {
            const j = next() % (i + 1);
            [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
          }
          const choices = [
            shuffled.slice(0, k),
            all.slice(Math.max(0, k + m - k)).reverse(), // the last k positions: as many recovery shards as possible
            [...all.slice(1, k), k + m - 1], // one original lost
          ];
          for (const positions of choices) {
            const out = new Uint8Array(k * row);
            rs.decode(k, m, s, cols, pick(data, rec, k, row, positions), positions, out);
            expect(same(out, data), `k=${k} m=${m} s=${s} from [${positions.slice(0, 6)}...]`).toBe(
              true,
            );
          }
        }
      }
    });

    it('decodes batches that span several kernel groups of tiny symbols', () => {
      for (const [k, m, s, cols] of [
        [334, 666, 2, 667],
        [667, 333, 6, 300],
      ]) {
        const row = s * cols;
        const data = bytes(k * row, k + cols);
        const rec = new Uint8Array(m * row);
        rs.encode(k, m, s, cols, data, rec);
        const positions = Array.from({ length: k }, (_, i) =>
          i % 3 === 0 ? i : k + ((i * 7) % m),
        );
        const unique = [...new Set(positions)];
        for (let p = k + m - 1; unique.length < k; p--) if (!unique.includes(p)) unique.push(p);
        const out = new Uint8Array(k * row);
        rs.decode(k, m, s, cols, pick(data, rec, k, row, unique), unique, out);
        expect(same(out, data), `k=${k} m=${m} s=${s} cols=${cols}`).toBe(true);
      }
    });

    it('decode skips duplicate and out-of-range positions and rejects too few shards', () => {
      const [k, m, s] = [4, 4, 6];
      const data = bytes(k * s, 3);
      const rec = new Uint8Array(m * s);
      rs.encode(k, m, s, 1, data, rec);
      const positions = [5, 5, 99, 6, 7, 0];
      const out = new Uint8Array(k * s);
      rs.decode(
        k,
        m,
        s,
        1,
        pick(
          data,
          rec,
          k,
          s,
          positions.map((p) => (p > 7 ? 0 : p)),
        ),
        positions,
        out,
      );
      expect(same(out, data)).toBe(true);
      expect(() => rs.decode(k, m, s, 1, pick(data, rec, k, s, [4, 5, 6]), [4, 5, 6], out)).toThrow(
        RangeError,
      );
    });

    it('rejects unsupported shapes with RangeError', () => {
      const out = new Uint8Array(1 << 16);
      expect(() => rs.encode(0, 1, 2, 1, out, out)).toThrow(/k must/);
      expect(() => rs.encode(2, 2, 3, 1, out, out)).toThrow(/symbolSize/);
      expect(() => rs.encode(40000, 40000, 2, 1, out, out)).toThrow(/unsupported/);
      expect(() => rs.encode(4, 4, 64, 1, new Uint8Array(64), out)).toThrow(/originals/);
    });
  },
);

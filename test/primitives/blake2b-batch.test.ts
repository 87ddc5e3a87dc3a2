import { describe, expect, it } from 'vitest';
import { blake2b } from '@noble/hashes/blake2.js';
import { createBLAKE2b } from 'hash-wasm';
import { Blake2bBatch } from '../../src/primitives/blake2b-batch.ts';
// The benches' deterministic bytes (xorshift32), so failures reproduce.
import { bytes } from '../../scripts/bench/lib.ts';

const H = (...parts: Uint8Array[]): Uint8Array => {
  const total = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    total.set(p, o);
    o += p.length;
  }
  return blake2b(total, { dkLen: 32 });
};
const ZERO = new Uint8Array(32);

/** Reference Merkle root (noble, one hash at a time): Walrus padding with zero nodes. */
function refRoot(leaves: Uint8Array[]): Uint8Array {
  let level = leaves;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2)
      next.push(H(Uint8Array.of(1), level[i], level[i + 1] ?? ZERO));
    level = next;
  }
  return level[0];
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

// Both builds (strict SIMD and relaxed-SIMD rotations) must produce the same digests.
describe.each([{ relaxed: false }, { relaxed: true }])(
  'Blake2bBatch (relaxed: $relaxed)',
  ({ relaxed }) => {
    const batch = Blake2bBatch.create({ relaxed });

    it('runs the requested build', () => {
      expect(batch.kernel).toBe(relaxed ? 'blake2b-relaxed' : 'blake2b');
    });

    it('digest equals @noble/hashes and hash-wasm for lengths 0..300 and block edges', async () => {
      const hw = await createBLAKE2b(256);
      const lengths = [
        ...Array.from({ length: 301 }, (_, i) => i),
        383,
        384,
        385,
        1023,
        1024,
        4097,
        65537,
      ];
      for (const len of lengths) {
        const data = bytes(len, len + 11);
        const got = hex(batch.digest(data));
        expect(got, `len ${len}`).toBe(hex(blake2b(data, { dkLen: 32 })));
        expect(got, `len ${len}`).toBe(hw.init().update(data).digest('hex'));
      }
    });

    it('digest of several parts equals the digest of their concatenation', () => {
      const a = bytes(70, 1);
      const b = bytes(200, 2);
      expect(hex(batch.digest(a, b))).toBe(
        hex(blake2b(new Uint8Array([...a, ...b]), { dkLen: 32 })),
      );
    });

    it('leafHashes equals H(0x00 || symbol) for odd and even counts and many symbol sizes', () => {
      for (const size of [0, 1, 2, 6, 62, 64, 126, 127, 128, 255, 302, 1000]) {
        for (const count of [1, 2, 3, 17]) {
          const data = bytes(size * count, size * 100 + count);
          const out = new Uint8Array(8 + count * 32);
          batch.leafHashes(data, size, count, out, 8);
          for (let i = 0; i < count; i++) {
            const want = H(Uint8Array.of(0), data.subarray(i * size, (i + 1) * size));
            expect(hex(out.subarray(8 + i * 32, 8 + (i + 1) * 32)), `size ${size} #${i}`).toBe(
              hex(want),
            );
          }
        }
      }
    });

    it('hashMany splits large batches across kernel calls without changing results', () => {
      const size = 302;
      const count = 20_000; // > 4 MiB of input: several chunks
      const data = bytes(size * count, 5);
      const out = new Uint8Array(count * 32);
      batch.hashMany(data, size, count, out, 0, 7);
      for (const i of [0, 1, 13_887, 13_888, count - 1]) {
        const want = H(Uint8Array.of(7), data.subarray(i * size, (i + 1) * size));
        expect(hex(out.subarray(i * 32, (i + 1) * 32))).toBe(hex(want));
      }
    });

    it('innerHashes equals H(0x01 || l || r) and may write over its input', () => {
      for (const count of [1, 2, 5, 64]) {
        const pairs = bytes(count * 64, count);
        const want = Array.from({ length: count }, (_, i) =>
          H(Uint8Array.of(1), pairs.subarray(i * 64, i * 64 + 64)),
        );
        const inPlace = pairs.slice();
        batch.innerHashes(inPlace, count, inPlace, 0);
        for (let i = 0; i < count; i++)
          expect(hex(inPlace.subarray(i * 32, i * 32 + 32))).toBe(hex(want[i]));
      }
    });

    it('merkleRoots matches a one-hash-at-a-time reference in both layouts', () => {
      for (const [trees, leaves] of [
        [1, 1],
        [3, 1],
        [1, 2],
        [2, 3],
        [5, 7],
        [4, 10],
        [3, 33],
        [2, 1000],
      ]) {
        const leafHashes = bytes(trees * leaves * 32, trees * 1000 + leaves);
        const leaf = (t: number, j: number, layout: 'tree-major' | 'leaf-major'): Uint8Array => {
          const idx = layout === 'tree-major' ? t * leaves + j : j * trees + t;
          return leafHashes.subarray(idx * 32, idx * 32 + 32);
        };
        for (const layout of ['tree-major', 'leaf-major'] as const) {
          const roots = batch.merkleRoots(leafHashes, trees, leaves, layout);
          for (let t = 0; t < trees; t++) {
            const want = refRoot(Array.from({ length: leaves }, (_, j) => leaf(t, j, layout)));
            expect(
              hex(roots.subarray(t * 32, t * 32 + 32)),
              `${layout} ${trees}x${leaves} tree ${t}`,
            ).toBe(hex(want));
          }
        }
      }
    });

    it('merkleRoots over many trees (several kernel batches) equals tree-by-tree roots', () => {
      const [trees, leaves] = [300, 1000]; // 9.6 MB of leaf hashes: more than one batch
      const leafHashes = bytes(trees * leaves * 32, 77);
      for (const layout of ['tree-major', 'leaf-major'] as const) {
        const roots = batch.merkleRoots(leafHashes, trees, leaves, layout);
        for (const t of [0, 1, 130, 131, trees - 1]) {
          const one = new Uint8Array(leaves * 32);
          for (let j = 0; j < leaves; j++) {
            const idx = layout === 'tree-major' ? t * leaves + j : j * trees + t;
            one.set(leafHashes.subarray(idx * 32, idx * 32 + 32), j * 32);
          }
          expect(hex(roots.subarray(t * 32, t * 32 + 32)), `${layout} tree ${t}`).toBe(
            hex(batch.merkleRoots(one, 1, leaves)),
          );
        }
      }
    });

    it('matrixRoots gives the row and column roots of a symbol matrix', () => {
      for (const [rows, cols, size] of [
        [1, 1, 2],
        [4, 7, 6],
        [7, 4, 62],
        [10, 10, 130],
      ]) {
        const symbols = bytes(rows * cols * size, rows * cols + size);
        const leaf = (r: number, c: number): Uint8Array =>
          H(Uint8Array.of(0), symbols.subarray((r * cols + c) * size, (r * cols + c + 1) * size));
        const { rowRoots, colRoots } = batch.matrixRoots(symbols, rows, cols, size);
        for (let r = 0; r < rows; r++) {
          expect(hex(rowRoots.subarray(r * 32, r * 32 + 32))).toBe(
            hex(refRoot(Array.from({ length: cols }, (_, c) => leaf(r, c)))),
          );
        }
        for (let c = 0; c < cols; c++) {
          expect(hex(colRoots.subarray(c * 32, c * 32 + 32))).toBe(
            hex(refRoot(Array.from({ length: rows }, (_, r) => leaf(r, c)))),
          );
        }
      }
    });

    it('rejects bad arguments with RangeError naming them', () => {
      expect(() => batch.merkleRoots(new Uint8Array(64), 0, 2)).toThrow(/trees/);
      expect(() => batch.merkleRoots(new Uint8Array(32), 1, 2)).toThrow(RangeError);
      expect(() => batch.leafHashes(new Uint8Array(5), 6, 1, new Uint8Array(32), 0)).toThrow(
        RangeError,
      );
      expect(() => batch.leafHashes(new Uint8Array(6), 6, 1, new Uint8Array(31), 0)).toThrow(/out/);
      expect(() => batch.hashMany(new Uint8Array(6), 6, 1, new Uint8Array(32), 0, 256)).toThrow(
        /prefix/,
      );
      expect(() => batch.matrixRoots(new Uint8Array(10), 2, 2, 3)).toThrow(/symbols/);
    });
  },
);

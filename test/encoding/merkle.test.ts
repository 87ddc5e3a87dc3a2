import { blake2b } from '@noble/hashes/blake2.js';
import { describe, expect, it } from 'vitest';
import { loadHashEngine } from '../../src/encoding/hash.ts';
import { loadHashWasmEngine } from './hash-wasm-engine.ts';
import {
  leafHash,
  MerkleTree,
  merkleRootFromLeafHashes,
  verifyMerkleProof,
} from '../../src/encoding/merkle.ts';
import { hex, sampleBytes } from './helpers.ts';

const H = (...parts: Uint8Array[]) =>
  blake2b(Uint8Array.from(parts.flatMap((p) => [...p])), { dkLen: 32 });

/** Walrus's tree written out naively from its definition. */
function naiveRoot(leaves: Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return new Uint8Array(32);
  let level: Uint8Array[] = leaves.map((l) => H(Uint8Array.of(0), l));
  while (level.length > 1) {
    if (level.length % 2 === 1) level.push(new Uint8Array(32));
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2)
      next.push(H(Uint8Array.of(1), level[i], level[i + 1]));
    level = next;
  }
  return level[0];
}

describe('Merkle trees and hash engines', () => {
  it('the fast engine and hash-wasm agree with a naive noble Blake2b tree', async () => {
    for (const engine of [await loadHashEngine(), await loadHashWasmEngine()]) {
      for (const count of [1, 2, 3, 5, 8, 13, 100]) {
        const data = sampleBytes(count * 7, count);
        const leaves = Array.from({ length: count }, (_, i) => data.subarray(i * 7, i * 7 + 7));
        const hashes = new Uint8Array(count * 32);
        engine.leafHashes(data, 7, count, hashes, 0);
        expect(
          hex(merkleRootFromLeafHashes(engine, hashes, count)),
          `${engine.name} ${count}`,
        ).toBe(hex(naiveRoot(leaves)));
        const tree = MerkleTree.fromLeafHashes(engine, hashes, count);
        expect(hex(tree.root)).toBe(hex(naiveRoot(leaves)));
        const roots = engine.merkleRoots(hashes, 1, count, 'tree-major');
        expect(hex(roots)).toBe(hex(naiveRoot(leaves)));
        for (let i = 0; i < count; i++) {
          const proof = tree.proof(i);
          expect(verifyMerkleProof(engine, tree.root, leaves[i], proof)).toBe(true);
          expect(verifyMerkleProof(engine, tree.root, leaves[(i + 1) % count], proof)).toBe(
            count === 1,
          );
        }
      }
      expect(hex(leafHash(engine, Uint8Array.of(1, 2)))).toBe(hex(H(Uint8Array.of(0, 1, 2))));
    }
  });

  it('many trees in both layouts give the same roots on both engines', async () => {
    const fast = await loadHashEngine();
    const slow = await loadHashWasmEngine();
    const trees = 9;
    const leaves = 11;
    const hashes = sampleBytes(trees * leaves * 32, 3);
    for (const layout of ['tree-major', 'leaf-major'] as const) {
      expect(hex(fast.merkleRoots(hashes, trees, leaves, layout))).toBe(
        hex(slow.merkleRoots(hashes, trees, leaves, layout)),
      );
    }
  });

  it('rejects a proof whose index does not fit its path', async () => {
    const engine = await loadHashEngine();
    const data = sampleBytes(4 * 5, 9);
    const hashes = new Uint8Array(4 * 32);
    engine.leafHashes(data, 5, 4, hashes, 0);
    const tree = MerkleTree.fromLeafHashes(engine, hashes, 4);
    const proof = tree.proof(1);
    expect(
      verifyMerkleProof(engine, tree.root, data.subarray(5, 10), { ...proof, leafIndex: 1 + 4 }),
    ).toBe(false);
    expect(() => tree.proof(4)).toThrow(RangeError);
  });
});

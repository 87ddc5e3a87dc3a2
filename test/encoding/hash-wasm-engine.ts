/**
 * The `hash-wasm` Blake2b-256 engine: one call per hash, the simple independent reference the
 * batched engine of src/primitives is tested against (test/encoding/merkle.test.ts). Test-only.
 */
import type { IHasher } from 'hash-wasm';
import { DIGEST_LEN, type HashEngine, type TreeLayout } from '../../src/encoding/hash.ts';

/** The `hash-wasm` Blake2b-256: about 1.6 M symbol leaves/s and 2.6 M inner nodes/s (MEASURED.md). */
class HashWasmEngine implements HashEngine {
  readonly name = 'hash-wasm';
  private scratch = new Uint8Array(1 + 65536);
  private readonly inner = new Uint8Array(65);

  constructor(private readonly hasher: IHasher) {
    this.inner[0] = 1;
  }

  digest(...parts: Uint8Array[]): Uint8Array {
    const h = this.hasher.init();
    for (const part of parts) h.update(part);
    return h.digest('binary');
  }

  leafHashes(
    data: Uint8Array,
    symbolSize: number,
    count: number,
    out: Uint8Array,
    outOffset: number,
  ): void {
    if (this.scratch.length < symbolSize + 1) this.scratch = new Uint8Array(symbolSize + 1);
    const scratch = this.scratch;
    scratch[0] = 0;
    const input = scratch.subarray(0, symbolSize + 1);
    for (let i = 0; i < count; i++) {
      scratch.set(data.subarray(i * symbolSize, (i + 1) * symbolSize), 1);
      out.set(this.hasher.init().update(input).digest('binary'), outOffset + i * DIGEST_LEN);
    }
  }

  innerHashes(pairs: Uint8Array, count: number, out: Uint8Array, outOffset: number): void {
    const input = this.inner;
    for (let i = 0; i < count; i++) {
      input.set(pairs.subarray(i * 64, i * 64 + 64), 1);
      out.set(this.hasher.init().update(input).digest('binary'), outOffset + i * DIGEST_LEN);
    }
  }

  merkleRoots(
    leafHashes: Uint8Array,
    trees: number,
    leaves: number,
    layout: TreeLayout,
  ): Uint8Array {
    const roots = new Uint8Array(trees * DIGEST_LEN);
    const level = new Uint8Array((leaves + (leaves & 1)) * DIGEST_LEN);
    for (let t = 0; t < trees; t++) {
      for (let j = 0; j < leaves; j++) {
        const at = (layout === 'tree-major' ? t * leaves + j : j * trees + t) * DIGEST_LEN;
        level.set(leafHashes.subarray(at, at + DIGEST_LEN), j * DIGEST_LEN);
      }
      let width = leaves;
      while (width > 1) {
        if (width % 2 === 1) level.fill(0, width * DIGEST_LEN, ++width * DIGEST_LEN);
        this.innerHashes(level, width / 2, level, 0);
        width /= 2;
      }
      roots.set(level.subarray(0, DIGEST_LEN), t * DIGEST_LEN);
    }
    return roots;
  }
}

/** The `hash-wasm` engine: the simple reference the fast engine is tested against. */
export async function loadHashWasmEngine(): Promise<HashEngine> {
  const { createBLAKE2b } = await import('hash-wasm');
  return new HashWasmEngine(await createBLAKE2b(256));
}

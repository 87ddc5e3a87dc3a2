/**
 * Blake2b-256 engine of the encoding core, and the single switch point for it: everything else
 * hashes through a `HashEngine`. The `hash-wasm` engine the batched one is tested against lives
 * in test/encoding/hash-wasm-engine.ts.
 *
 * Merkle conventions (Walrus): leaf = H(0x00 || bytes), inner = H(0x01 || left || right).
 */
import { Blake2bBatch } from '../primitives/blake2b-batch.ts';

export const DIGEST_LEN = 32;

export interface HashEngine {
  readonly name: string;
  /** Blake2b-256 of the concatenation of `parts`. */
  digest(...parts: Uint8Array[]): Uint8Array;
  /**
   * Leaf hashes H(0x00 || symbol) of `count` consecutive symbols of `symbolSize` bytes starting
   * at `data[0]`; writes `count * 32` bytes into `out` at `outOffset`.
   */
  leafHashes(
    data: Uint8Array,
    symbolSize: number,
    count: number,
    out: Uint8Array,
    outOffset: number,
  ): void;
  /**
   * Inner hashes H(0x01 || left || right) of `count` consecutive 64-byte (left || right) pairs
   * in `pairs`; writes `count * 32` bytes into `out` at `outOffset` (may alias `pairs` when
   * `outOffset` is at or before the pairs' start).
   */
  innerHashes(pairs: Uint8Array, count: number, out: Uint8Array, outOffset: number): void;
  /**
   * Merkle roots of `trees` trees of `leaves` leaf hashes each. `tree-major`: tree t's leaves are
   * contiguous; `leaf-major`: leaf j of every tree is contiguous. Returns root t at 32 * t.
   */
  merkleRoots(
    leafHashes: Uint8Array,
    trees: number,
    leaves: number,
    layout: TreeLayout,
  ): Uint8Array;
}

export type TreeLayout = 'tree-major' | 'leaf-major';

let engine: Promise<HashEngine> | undefined;

/**
 * The process-wide hash engine (one per thread; loaded once; safe to call concurrently):
 * Floe's batched wasm-SIMD Blake2b (src/primitives), which hashes many equal-length messages
 * per call instead of paying a JS->wasm round trip per hash.
 */
export function loadHashEngine(): Promise<HashEngine> {
  engine ??= Promise.resolve(Blake2bBatch.create());
  return engine;
}

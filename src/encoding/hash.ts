/**
 * Blake2b-256 engine of the encoding core, and the single switch point for it: everything else
 * hashes through a `HashEngine`, so a faster implementation (src/primitives/) can replace the
 * `hash-wasm` one here without touching callers.
 *
 * Merkle conventions (Walrus): leaf = H(0x00 || bytes), inner = H(0x01 || left || right).
 */
import { createBLAKE2b, type IHasher } from 'hash-wasm';

export const DIGEST_LEN = 32;

export interface HashEngine {
  readonly name: string;
  /** Blake2b-256 of the concatenation of `parts`. */
  digest(...parts: Uint8Array[]): Uint8Array;
  /**
   * Leaf hashes H(0x00 || symbol) of `count` consecutive symbols of `symbolSize` bytes starting
   * at `data[0]`; writes `count * 32` bytes into `out` at `outOffset`.
   */
  leafHashes(data: Uint8Array, symbolSize: number, count: number, out: Uint8Array, outOffset: number): void;
  /**
   * Inner hashes H(0x01 || left || right) of `count` consecutive 64-byte (left || right) pairs
   * in `pairs`; writes `count * 32` bytes into `out` at `outOffset` (may alias `pairs` when
   * `outOffset` is at or before the pairs' start).
   */
  innerHashes(pairs: Uint8Array, count: number, out: Uint8Array, outOffset: number): void;
}

/** The `hash-wasm` Blake2b-256: about 1.6 M symbol leaves/s and 2.6 M inner nodes/s here. */
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

  leafHashes(data: Uint8Array, symbolSize: number, count: number, out: Uint8Array, outOffset: number): void {
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
}

let engine: Promise<HashEngine> | undefined;

/** The process-wide hash engine (loaded once; safe to call concurrently). */
export function loadHashEngine(): Promise<HashEngine> {
  engine ??= createBLAKE2b(256).then((hasher) => new HashWasmEngine(hasher));
  return engine;
}

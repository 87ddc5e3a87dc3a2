/**
 * Reed-Solomon over GF(2^16) exactly as the `reed-solomon-simd` 3.x crate computes it, and the
 * single switch point for the RS engine: everything else calls an `RsEngine`. The
 * `@typeberry/native` adapter the engine is tested against lives in test/encoding/typeberry-rs.ts.
 *
 * Batching: a call codes `cols` independent codewords at once. Shard i is `cols` consecutive
 * symbols of `symbolSize` bytes (the symbols of column 0..cols-1 in codeword position i); all
 * shards are stored one after the other. The result equals coding each column on its own with
 * shard length `symbolSize`, which is what Walrus does.
 */
import { ReedSolomonSimd } from '../primitives/reed-solomon.ts';

export interface RsEngine {
  readonly name: string;
  /**
   * Computes the `m` recovery shards of `k` original shards (codeword positions k..k+m-1).
   * `originals` holds k shards, `out` receives m shards, each `cols * symbolSize` bytes.
   */
  encode(
    k: number,
    m: number,
    symbolSize: number,
    cols: number,
    originals: Uint8Array,
    out: Uint8Array,
  ): void;
  /**
   * Recovers all k original shards from at least k shards at distinct codeword positions
   * `indices` (originals are 0..k-1, recovery shard j is k + j); `shards` holds them in that order.
   * Writes the k originals into `out`.
   * @throws RangeError if fewer than k distinct valid positions are given.
   */
  decode(
    k: number,
    m: number,
    symbolSize: number,
    cols: number,
    shards: Uint8Array,
    indices: ArrayLike<number>,
    out: Uint8Array,
  ): void;
}

let engine: Promise<RsEngine> | undefined;

/**
 * The process-wide RS engine (one per thread; loaded once; safe to call concurrently): Floe's
 * wasm-SIMD Reed-Solomon (src/primitives), byte-identical to reed-solomon-simd and ~4x faster.
 */
export function loadRsEngine(): Promise<RsEngine> {
  engine ??= Promise.resolve(ReedSolomonSimd.create());
  return engine;
}

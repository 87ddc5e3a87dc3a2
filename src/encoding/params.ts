/**
 * RS2 ("RedStuff" over Reed-Solomon) parameters for a shard count n (PROTOCOL.md section 1):
 * f = floor((n-1)/3), k1 = n - 2f primary source symbols, k2 = n - f secondary source symbols,
 * an even symbol size of at most 65534 bytes, so the largest blob is k1 * k2 * 65534 bytes.
 */
import { BlobTooLargeError, InvalidShardCountError } from './errors.ts';

export const MIN_SHARDS = 4;
export const MAX_SHARDS = 65535;
/** Largest RS2 symbol: a u16 that must also be even (GF(2^16) elements). */
export const MAX_SYMBOL_SIZE = 65534;
/** Walrus's encoding type tag for RS2 in metadata and blob IDs. */
export const ENCODING_TYPE_RS2 = 1;

export interface EncodingParams {
  readonly nShards: number;
  /** Maximum number of faulty shards tolerated. */
  readonly f: number;
  /** Primary source symbols (rows of the message matrix): n - 2f. */
  readonly k1: number;
  /** Secondary source symbols (columns of the message matrix): n - f. */
  readonly k2: number;
  /** Largest blob this shard count can encode, in bytes. */
  readonly maxBlobSize: number;
}

const cache = new Map<number, EncodingParams>();

/**
 * The parameters for `nShards` shards.
 * @throws InvalidShardCountError if `nShards` is not an integer in 4..65535.
 */
export function encodingParams(nShards: number): EncodingParams {
  if (!Number.isInteger(nShards) || nShards < MIN_SHARDS || nShards > MAX_SHARDS) {
    throw new InvalidShardCountError(nShards);
  }
  let params = cache.get(nShards);
  if (params === undefined) {
    const f = Math.floor((nShards - 1) / 3);
    const k1 = nShards - 2 * f;
    const k2 = nShards - f;
    params = Object.freeze({ nShards, f, k1, k2, maxBlobSize: k1 * k2 * MAX_SYMBOL_SIZE });
    cache.set(nShards, params);
  }
  return params;
}

/**
 * Symbol size for a blob of `length` bytes: ceil(max(length, 1) / (k1 * k2)) rounded up to even.
 * @throws RangeError if `length` is not a non-negative safe integer.
 * @throws BlobTooLargeError if the blob exceeds `params.maxBlobSize`.
 */
export function symbolSizeFor(params: EncodingParams, length: number): number {
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new RangeError(`length must be a non-negative safe integer, got ${length}`);
  }
  if (length > params.maxBlobSize)
    throw new BlobTooLargeError(length, params.maxBlobSize, params.nShards);
  const perSymbol = Math.ceil(Math.max(length, 1) / (params.k1 * params.k2));
  return perSymbol + (perSymbol & 1);
}

/** Byte sizes of the pieces of a blob of the given symbol size. */
export interface SliverSizes {
  symbolSize: number;
  /** A primary sliver: k2 symbols. */
  primary: number;
  /** A secondary sliver: k1 symbols. */
  secondary: number;
  /** All slivers of all n pairs: n * (k1 + k2) * symbolSize. */
  allSlivers: number;
}

export function sliverSizes(params: EncodingParams, symbolSize: number): SliverSizes {
  return {
    symbolSize,
    primary: params.k2 * symbolSize,
    secondary: params.k1 * symbolSize,
    allSlivers: params.nShards * (params.k1 + params.k2) * symbolSize,
  };
}

/**
 * What Walrus bills as the encoded size of a blob: all slivers plus n copies of the metadata
 * (n pairs of 32-byte hashes and a 32-byte blob ID per shard).
 */
export function walrusEncodedLength(params: EncodingParams, length: number): number {
  const s = symbolSizeFor(params, length);
  return sliverSizes(params, s).allSlivers + params.nShards * (params.nShards * 64 + 32);
}

import { describe, expect, it } from 'vitest';
import { blobIdToString } from '../../src/encoding/blob-id.ts';
import { encodeBlob } from '../../src/encoding/encode.ts';
import { BlobTooLargeError, InvalidShardCountError } from '../../src/encoding/errors.ts';
import { pairIndexForShard, shardForPairIndex } from '../../src/encoding/pairs.ts';
import { encodingParams, symbolSizeFor, walrusEncodedLength } from '../../src/encoding/params.ts';
import { sampleBytes } from './helpers.ts';

/** The official SDK's rotation helpers (not in its package exports, so loaded by file). */
const { toPairIndex, toShardIndex } = (await import(
  new URL('../../node_modules/@mysten/walrus/dist/utils/index.mjs', import.meta.url).href
)) as {
  toPairIndex(shard: number, blobId: string, n: number): number;
  toShardIndex(pair: number, blobId: string, n: number): number;
};

describe('parameters', () => {
  it('match the SDK source-symbol counts and symbol sizes', () => {
    for (const n of [4, 5, 6, 7, 10, 100, 1000, 65535]) {
      const p = encodingParams(n);
      expect(p.f).toBe(Math.floor((n - 1) / 3));
      expect(p.k1).toBe(n - 2 * p.f);
      expect(p.k2).toBe(n - p.f);
    }
    const p = encodingParams(10);
    expect(symbolSizeFor(p, 0)).toBe(2);
    expect(symbolSizeFor(p, 28)).toBe(2);
    expect(symbolSizeFor(p, 29)).toBe(2);
    expect(symbolSizeFor(p, 57)).toBe(4);
    expect(symbolSizeFor(p, p.maxBlobSize)).toBe(65534);
    expect(walrusEncodedLength(p, 100)).toBe(10 * 11 * 4 + 10 * (640 + 32));
  });

  it('refuse shard counts out of range and oversized blobs with typed errors', async () => {
    for (const n of [0, 3, 65536, 4.5, NaN, -1])
      expect(() => encodingParams(n)).toThrow(InvalidShardCountError);
    await expect(encodeBlob(new Uint8Array(1), 3)).rejects.toBeInstanceOf(InvalidShardCountError);
    const p = encodingParams(4);
    expect(() => symbolSizeFor(p, p.maxBlobSize + 1)).toThrow(BlobTooLargeError);
    expect(() => symbolSizeFor(p, -1)).toThrow(RangeError);
    const err = new InvalidShardCountError(3);
    expect(err.code).toBe('INVALID_SHARD_COUNT');
    // A real oversized blob (k1 * k2 * 65534 + 1 = 393 205 bytes at n = 4) is refused before any work.
    await expect(encodeBlob(new Uint8Array(p.maxBlobSize + 1), 4)).rejects.toBeInstanceOf(
      BlobTooLargeError,
    );
    await expect(encodeBlob('abc' as unknown as Uint8Array, 4)).rejects.toBeInstanceOf(TypeError);
  });

  it('rotate pairs to shards as the SDK does', async () => {
    for (const n of [4, 10, 1000]) {
      const blob = await encodeBlob(sampleBytes(50, n), Math.min(n, 10));
      const text = blobIdToString(blob.blobId);
      for (const p of [0, 1, n - 1]) {
        const shard = shardForPairIndex(p, blob.blobId, n);
        expect(shard).toBe(toShardIndex(p, text, n));
        expect(pairIndexForShard(shard, blob.blobId, n)).toBe(p);
        expect(toPairIndex(shard, text, n)).toBe(p);
      }
      expect(() => shardForPairIndex(n, blob.blobId, n)).toThrow(RangeError);
    }
  });
});

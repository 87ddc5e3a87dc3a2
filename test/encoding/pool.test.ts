import { afterAll, describe, expect, it } from 'vitest';
import { decodeBlob } from '../../src/encoding/decode.ts';
import { computeBlobId, encodeBlob } from '../../src/encoding/encode.ts';
import { allocateBuffers } from '../../src/encoding/encode-steps.ts';
import { EncoderWorkerError } from '../../src/encoding/errors.ts';
import { createEncoderPool, split } from '../../src/encoding/parallel/pool.ts';
import { hex, sampleBytes } from './helpers.ts';

const pool = createEncoderPool({ size: 2 });
afterAll(() => pool.close());

describe('parallel encoding', () => {
  it('workers (loaded through tsx) produce the same encoding as this thread', async () => {
    await pool.warm();
    for (const [n, size] of [
      [10, 300_000],
      [100, 1_500_003],
    ] as const) {
      const data = sampleBytes(size, n);
      const here = await encodeBlob(data, n);
      const there = await encodeBlob(data, n, { pool, parallelThreshold: 0 });
      expect(there.blobIdText).toBe(here.blobIdText);
      for (const p of [0, 1, n - 1]) {
        expect(hex(there.pairs[p].primary.data)).toBe(hex(here.pairs[p].primary.data));
        expect(hex(there.pairs[p].secondary.data)).toBe(hex(here.pairs[p].secondary.data));
      }
      const idOnly = await computeBlobId(data, n, { pool, parallelThreshold: 0 });
      expect(idOnly.blobIdText).toBe(here.blobIdText);
      expect(idOnly.metadata).toEqual(here.metadata);
      const back = await decodeBlob(
        there.metadata,
        there.pairs.slice(n - there.params.k1).map((p) => p.primary),
      );
      expect(Buffer.from(back).equals(Buffer.from(data))).toBe(true);
    }
  });

  it('encode a blob at an odd offset of a larger buffer without copying it, here and on workers', async () => {
    for (const [n, size] of [
      [10, 1_000_001],
      // 10-byte symbols: the word-wise transposition of rows at odd addresses.
      [1000, 2_000_000],
    ] as const) {
      const backing = sampleBytes(size + 3, n + 1);
      const view = backing.subarray(1, size + 1);
      const copy = view.slice();
      const expected = await encodeBlob(copy, n);
      for (const opts of [{}, { pool, parallelThreshold: 0 }]) {
        const blob = await encodeBlob(view, n, opts);
        expect(blob.blobIdText).toBe(expected.blobIdText);
        expect(blob.pairs[0].primary.data.buffer).toBe(backing.buffer);
        for (const p of [0, n >> 1, n - 1]) {
          expect(hex(blob.pairs[p].primary.data)).toBe(hex(expected.pairs[p].primary.data));
          expect(hex(blob.pairs[p].secondary.data)).toBe(hex(expected.pairs[p].secondary.data));
        }
      }
      // The bytes around the view are untouched.
      expect(backing[0]).toBe(sampleBytes(size + 3, n + 1)[0]);
      expect(backing[size + 1]).toBe(sampleBytes(size + 3, n + 1)[size + 1]);
    }
  });

  it('splits ranges evenly without empty parts', () => {
    expect(split(10, 3)).toEqual([
      [0, 3],
      [3, 6],
      [6, 10],
    ]);
    expect(split(2, 5)).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });

  it('reports a failing worker task as EncoderWorkerError and keeps working', async () => {
    // An odd symbol size is no GF(2^16) symbol: the RS kernel in the worker throws.
    const layout = { nShards: 4, k1: 2, k2: 3, symbolSize: 3, blockRows: 4, wholeRows: 0 };
    const bufs = allocateBuffers(layout, new Uint8Array(5), true);
    await expect(pool.encode(layout, bufs)).rejects.toBeInstanceOf(EncoderWorkerError);
    const data = sampleBytes(70_000, 2);
    const again = await encodeBlob(data, 7, { pool, parallelThreshold: 0 });
    expect(again.blobIdText).toBe((await encodeBlob(data, 7)).blobIdText);
  });

  it('fails encodings still running when the pool closes, and starts afresh after', async () => {
    const own = createEncoderPool({ size: 1 });
    const running = encodeBlob(sampleBytes(400_000, 3), 100, { pool: own, parallelThreshold: 0 });
    const outcome = expect(running).rejects.toBeInstanceOf(EncoderWorkerError);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await own.close();
    await outcome;
    const data = sampleBytes(1000, 4);
    expect((await encodeBlob(data, 4, { pool: own, parallelThreshold: 0 })).blobIdText).toBe(
      (await encodeBlob(data, 4)).blobIdText,
    );
    await own.close();
  });

  it('refuses buffers that are not shared', async () => {
    const blob = await encodeBlob(sampleBytes(10, 1), 4);
    const layout = {
      nShards: 4,
      k1: 2,
      k2: 3,
      symbolSize: blob.symbolSize,
      blockRows: 4,
      wholeRows: 0,
    };
    const plain = {
      source: new Uint8Array(0),
      sourceFirstRow: 0,
      tail: new Uint8Array(new SharedArrayBuffer(2 * 3 * blob.symbolSize)),
      parity: new Uint8Array(12),
      secondary: new Uint8Array(32),
      columnSubtrees: new Uint8Array(128),
      primaryHashes: new Uint8Array(128),
      secondaryHashes: new Uint8Array(128),
    };
    await expect(pool.encode(layout, plain)).rejects.toBeInstanceOf(TypeError);
  });
});

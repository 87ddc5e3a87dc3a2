import { describe, expect, it } from 'vitest';
import {
  allocateBuffers,
  blockCount,
  blockRowsFor,
  expandPrimaryColumns,
  expandRowBlock,
  gatherColumns,
  primaryRow,
  rootsOfColumns,
  wholeRowsOf,
  type EncodeLayout,
} from '../../src/encoding/encode-steps.ts';
import { encodeBlob } from '../../src/encoding/encode.ts';
import { loadHashEngine } from '../../src/encoding/hash.ts';
import { encodingParams, symbolSizeFor } from '../../src/encoding/params.ts';
import { loadRsEngine } from '../../src/encoding/rs.ts';
import { hex, sampleBytes } from './helpers.ts';

describe('encoding steps in row blocks', () => {
  it('give the same sliver hashes for every block height, including short last blocks', async () => {
    const [rs, hash] = await Promise.all([loadRsEngine(), loadHashEngine()]);
    for (const [n, size] of [
      [10, 3000],
      [13, 5000],
      [37, 20_000],
    ] as const) {
      const data = sampleBytes(size, n);
      const reference = await encodeBlob(data, n);
      const p = encodingParams(n);
      const symbolSize = symbolSizeFor(p, size);
      const wholeRows = wholeRowsOf(p.k1, p.k2, symbolSize, size);
      // Block heights whose last block is short by 1 row, by several levels, or exact.
      for (const blockRows of [1, 2, 4, 8, 16, 64]) {
        const layout: EncodeLayout = {
          nShards: n,
          k1: p.k1,
          k2: p.k2,
          symbolSize,
          blockRows,
          wholeRows,
        };
        const bufs = allocateBuffers(layout, data, false);
        // Step 1 in column ranges of `blockRows` columns (the whole width once it is wider).
        for (let c0 = 0; c0 < p.k2; c0 += blockRows) {
          const c1 = Math.min(p.k2, c0 + blockRows);
          const originals = new Uint8Array(p.k1 * (c1 - c0) * symbolSize);
          gatherColumns(layout, bufs, c0, c1, originals);
          expandPrimaryColumns(rs, layout, originals, c0, c1, bufs.parity);
        }
        // Blocks in reverse order: they are independent.
        for (let b = blockCount(layout) - 1; b >= 0; b--) expandRowBlock(rs, hash, layout, bufs, b);
        rootsOfColumns(hash, layout, bufs, 0, n);
        for (let i = 0; i < n; i++) {
          const label = `n=${n} blockRows=${blockRows} sliver ${i}`;
          expect(hex(bufs.primaryHashes.subarray(i * 32, i * 32 + 32)), label).toBe(
            hex(reference.metadata.hashes[i].primary),
          );
          expect(hex(bufs.secondaryHashes.subarray(i * 32, i * 32 + 32)), label).toBe(
            hex(reference.metadata.hashes[n - 1 - i].secondary),
          );
          expect(
            hex(bufs.secondary.subarray(i * p.k1 * symbolSize, (i + 1) * p.k1 * symbolSize)),
          ).toBe(hex(reference.pairs[n - 1 - i].secondary.data));
          expect(hex(primaryRow(layout, bufs, i))).toBe(hex(reference.pairs[i].primary.data));
        }
      }
    }
  });

  it('read whole blob rows in place, and only the rows a thread holds', async () => {
    const n = 10;
    const p = encodingParams(n);
    const size = 3000;
    const data = sampleBytes(size, 7);
    const symbolSize = symbolSizeFor(p, size);
    const rowLen = p.k2 * symbolSize;
    const wholeRows = wholeRowsOf(p.k1, p.k2, symbolSize, size);
    expect(wholeRows).toBe(Math.floor(size / rowLen));
    const layout: EncodeLayout = {
      nShards: n,
      k1: p.k1,
      k2: p.k2,
      symbolSize,
      blockRows: 4,
      wholeRows,
    };
    const bufs = allocateBuffers(layout, data, false);
    // Blob rows are views into the blob: no copy of it.
    expect(primaryRow(layout, bufs, 0).buffer).toBe(data.buffer);
    const encoded = await encodeBlob(data, n);
    expect(encoded.pairs[0].primary.data.buffer).toBe(data.buffer);
    // The partial last row and the padding live in the tail.
    expect(hex(primaryRow(layout, bufs, wholeRows).subarray(0, size - wholeRows * rowLen))).toBe(
      hex(data.subarray(wholeRows * rowLen)),
    );
    const padding = primaryRow(layout, bufs, wholeRows).subarray(size - wholeRows * rowLen);
    expect(padding.length).toBeGreaterThan(0);
    expect(padding.every((b) => b === 0)).toBe(true);
    // A worker holding rows 1.. of the blob cannot be asked for row 0.
    const staged = {
      ...bufs,
      source: data.subarray(rowLen, wholeRows * rowLen),
      sourceFirstRow: 1,
    };
    expect(hex(primaryRow(layout, staged, 1))).toBe(hex(data.subarray(rowLen, 2 * rowLen)));
    expect(() => primaryRow(layout, staged, 0)).toThrow(RangeError);
  });

  it('choose power-of-two blocks within the memory budget', () => {
    expect(blockRowsFor(1000, 302)).toBe(16);
    expect(blockRowsFor(1000, 6)).toBe(256);
    expect(blockRowsFor(10, 4)).toBe(16);
    expect(blockRowsFor(100, 65534)).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import {
  allocateBuffers,
  blockCount,
  blockRowsFor,
  expandPrimaryColumns,
  expandRowBlock,
  rootsOfColumns,
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
      // Block heights whose last block is short by 1 row, by several levels, or exact.
      for (const blockRows of [1, 2, 4, 8, 16, 64]) {
        const layout: EncodeLayout = { nShards: n, k1: p.k1, k2: p.k2, symbolSize, blockRows };
        const bufs = allocateBuffers(layout, false);
        bufs.primary.set(data);
        expandPrimaryColumns(rs, layout, bufs, 0, p.k2);
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
        }
      }
    }
  });

  it('choose power-of-two blocks within the memory budget', () => {
    expect(blockRowsFor(1000, 302)).toBe(16);
    expect(blockRowsFor(1000, 6)).toBe(256);
    expect(blockRowsFor(10, 4)).toBe(16);
    expect(blockRowsFor(100, 65534)).toBe(1);
  });
});

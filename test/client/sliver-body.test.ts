import { describe, expect, it } from 'vitest';
import { sliverToBcs } from '../../src/encoding/sliver.ts';
import { sliverBody } from '../../src/client/store/sliver-body.ts';

describe('sliverBody', () => {
  it('is byte for byte the BCS SliverData of the encoding core', () => {
    for (const len of [0, 1, 2, 126, 127, 128, 129, 16_383, 16_384, 200_002, 2_097_152]) {
      const data = new Uint8Array(len).map((_, i) => (i * 31 + 7) & 0xff);
      for (const [symbolSize, index] of [
        [2, 0],
        [302, 999],
        [65534, 65535],
      ]) {
        const sliver = { axis: 'primary' as const, index, symbolSize, data };
        expect(Buffer.from(sliverBody(sliver)).equals(Buffer.from(sliverToBcs(sliver)))).toBe(true);
      }
    }
  });
});

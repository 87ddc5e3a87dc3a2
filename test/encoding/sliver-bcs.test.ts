import { describe, expect, it } from 'vitest';
import { SliverDataBcs } from '../../src/encoding/bcs.ts';
import { sliverToBcs } from '../../src/encoding/sliver.ts';

/** The generic BCS writer's `SliverData`, the reference the hand-written writer must match. */
function genericSliverBcs(sliver: { data: Uint8Array; symbolSize: number; index: number }) {
  return SliverDataBcs.serialize({
    symbols: { data: sliver.data, symbol_size: sliver.symbolSize },
    index: sliver.index,
  }).toBytes();
}

describe('sliverToBcs', () => {
  it('is byte for byte the BCS SliverData of the generic schema', () => {
    for (const len of [0, 1, 2, 126, 127, 128, 129, 16_383, 16_384, 200_002, 2_097_152]) {
      const data = new Uint8Array(len).map((_, i) => (i * 31 + 7) & 0xff);
      for (const [symbolSize, index] of [
        [2, 0],
        [302, 999],
        [65534, 65535],
      ]) {
        const sliver = { axis: 'primary' as const, index, symbolSize, data };
        expect(Buffer.from(sliverToBcs(sliver)).equals(Buffer.from(genericSliverBcs(sliver)))).toBe(
          true,
        );
      }
    }
  });
});

import { describe, expect, it } from 'vitest';
import { blobIdToString } from '../../src/encoding/blob-id.ts';
import { encodeBlob } from '../../src/encoding/encode.ts';
import { encodingParams } from '../../src/encoding/params.ts';
import { sliverToBcs } from '../../src/encoding/sliver.ts';
import { hex, referenceBlobId, referenceEncode, sampleBytes } from './helpers.ts';

/** Sizes whose symbol size is exactly `sym` bytes at n (k1 * k2 * sym). */
function sizeForSymbol(n: number, sym: number): number {
  const { k1, k2 } = encodingParams(n);
  return k1 * k2 * sym;
}

async function compareFully(n: number, size: number, seed: number): Promise<void> {
  const data = sampleBytes(size, seed);
  const ours = await encodeBlob(data, n);
  const ref = referenceEncode(data, ours);
  expect(hex(ours.blobId), `blob id n=${n} size=${size}`).toBe(hex(ref.blobId));
  for (let p = 0; p < n; p++) {
    expect(hex(ours.metadata.hashes[p].primary)).toBe(hex(ref.hashes[p].primary));
    expect(hex(ours.metadata.hashes[p].secondary)).toBe(hex(ref.hashes[p].secondary));
    // Compare bytes without building n hex strings of large slivers.
    expect(
      Buffer.from(sliverToBcs(ours.pairs[p].primary)).equals(Buffer.from(ref.primary[p])),
      `primary ${p}`,
    ).toBe(true);
    expect(
      Buffer.from(sliverToBcs(ours.pairs[p].secondary)).equals(Buffer.from(ref.secondary[p])),
      `secondary ${p}`,
    ).toBe(true);
  }
}

describe('RS2 encoding equals @mysten/walrus-wasm', () => {
  for (const n of [4, 7, 10]) {
    it(`blob ids, metadata and slivers at n=${n} over many sizes`, async () => {
      const sizes = [0, 1, 2, 3, 17, 100, 255, 1000, 4097, 65_537];
      sizes.push(
        sizeForSymbol(n, 64),
        sizeForSymbol(n, 64) + 1,
        sizeForSymbol(n, 128),
        sizeForSymbol(n, 62),
      );
      sizes.push(sizeForSymbol(n, 100) - 3, sizeForSymbol(n, 2000) + 11);
      for (const [i, size] of sizes.entries()) await compareFully(n, size, i + 1);
    });
  }

  it('blob ids, metadata and slivers at n=100', async () => {
    for (const [i, size] of [
      0,
      1,
      999,
      100_000,
      sizeForSymbol(100, 64),
      sizeForSymbol(100, 40) + 1,
    ].entries()) {
      await compareFully(100, size, 50 + i);
    }
  });

  it('a few MiB at n=10 and n=100 (symbol sizes off and on 64-byte multiples)', async () => {
    await compareFully(10, 1536 * 1024 + 5, 7);
    await compareFully(100, sizeForSymbol(100, 640), 8);
    await compareFully(100, 2 * 1024 * 1024 + 1, 9);
    await compareFully(100, 6 * 1024 * 1024 + 7, 10);
  });

  it('blob ids and slivers at n=1000', async () => {
    await compareFully(1000, 333_337, 12);
    for (const [size, seed] of [
      [1, 11],
      [1_500_001, 13],
    ]) {
      const data = sampleBytes(size, seed);
      const ours = await encodeBlob(data, 1000);
      expect(blobIdToString(ours.blobId), `n=1000 size=${size}`).toBe(
        blobIdToString(referenceBlobId(data, 1000)),
      );
    }
  });
});

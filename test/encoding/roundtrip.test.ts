import { describe, expect, it } from 'vitest';
import { decodeBlob, decodeBlobFromSecondary } from '../../src/encoding/decode.ts';
import { encodeBlob } from '../../src/encoding/encode.ts';
import {
  NotEnoughSliversError,
  InvalidSliverError,
  InconsistentEncodingError,
} from '../../src/encoding/errors.ts';
import type { Sliver } from '../../src/encoding/sliver.ts';
import { checkSliversAgainstMetadata, verifySliver } from '../../src/encoding/verify-sliver.ts';
import { randomSubset, sampleBytes, seededRandom } from './helpers.ts';

function primaries(
  blob: Awaited<ReturnType<typeof encodeBlob>>,
  keep: (i: number) => boolean,
): Sliver[] {
  return blob.pairs.map((p) => p.primary).filter((s) => keep(s.index));
}
function secondaries(
  blob: Awaited<ReturnType<typeof encodeBlob>>,
  keep: (i: number) => boolean,
): Sliver[] {
  return blob.pairs.map((p) => p.secondary).filter((s) => keep(s.index));
}

describe('encode -> drop slivers -> decode', () => {
  for (const [n, size] of [
    [4, 1],
    [7, 1000],
    [10, 12_345],
    [31, 100_001],
    [100, 300_000],
  ] as const) {
    it(`n=${n}, ${size} bytes: any k1 primary / k2 secondary slivers give back the blob`, async () => {
      const data = sampleBytes(size, n);
      const blob = await encodeBlob(data, n);
      const { f } = blob.params;
      const rand = seededRandom(n * 7);
      const choices: [string, Set<number>][] = [
        ['all systematic primary dropped', new Set(Array.from({ length: 2 * f }, (_, i) => i))],
        ['last 2f dropped', new Set(Array.from({ length: 2 * f }, (_, i) => n - 1 - i))],
        ['random 2f', new Set(randomSubset(n, 2 * f, rand))],
        ['random 2f again', new Set(randomSubset(n, 2 * f, rand))],
      ];
      for (const [label, dropped] of choices) {
        const out = await decodeBlob(
          blob.metadata,
          primaries(blob, (i) => !dropped.has(i)),
          { blobId: blob.blobId },
        );
        expect(Buffer.from(out).equals(Buffer.from(data)), label).toBe(true);
      }
      // Secondary decoding tolerates f losses: drop the systematic ones, then random ones.
      for (const dropped of [
        new Set(Array.from({ length: f }, (_, i) => i)),
        new Set(randomSubset(n, f, rand)),
      ]) {
        const out = await decodeBlobFromSecondary(
          blob.metadata,
          secondaries(blob, (i) => !dropped.has(i)),
          {
            check: 'strict',
          },
        );
        expect(Buffer.from(out).equals(Buffer.from(data))).toBe(true);
      }
    });
  }

  it('an empty blob round-trips', async () => {
    const blob = await encodeBlob(new Uint8Array(0), 7);
    const out = await decodeBlob(
      blob.metadata,
      primaries(blob, (i) => i >= 4),
      { check: 'strict' },
    );
    expect(out.length).toBe(0);
    const fromSecondary = await decodeBlobFromSecondary(
      blob.metadata,
      secondaries(blob, (i) => i !== 0),
    );
    expect(fromSecondary.length).toBe(0);
  });

  it('refuses too few slivers, wrong lengths, indices and axes', async () => {
    const blob = await encodeBlob(sampleBytes(5000, 3), 10);
    const { k1 } = blob.params;
    const few = primaries(blob, (i) => i < k1 - 1);
    await expect(decodeBlob(blob.metadata, few)).rejects.toBeInstanceOf(NotEnoughSliversError);
    // Duplicates do not count twice.
    await expect(decodeBlob(blob.metadata, [...few, ...few])).rejects.toBeInstanceOf(
      NotEnoughSliversError,
    );
    const good = primaries(blob, () => true);
    const short = { ...good[0], data: good[0].data.subarray(1) };
    await expect(decodeBlob(blob.metadata, [short, ...good.slice(1)])).rejects.toBeInstanceOf(
      InvalidSliverError,
    );
    const badIndex = { ...good[0], index: 10 };
    await expect(decodeBlob(blob.metadata, [badIndex, ...good.slice(1)])).rejects.toBeInstanceOf(
      InvalidSliverError,
    );
    await expect(
      decodeBlob(
        blob.metadata,
        secondaries(blob, () => true),
      ),
    ).rejects.toBeInstanceOf(InvalidSliverError);
  });

  it('the default and strict checks reject a tampered sliver', async () => {
    const data = sampleBytes(5000, 4);
    const blob = await encodeBlob(data, 10);
    const slivers = primaries(blob, () => true).map((s) => ({ ...s, data: s.data.slice() }));
    slivers[1].data[0] ^= 1;
    await expect(decodeBlob(blob.metadata, slivers)).rejects.toBeInstanceOf(
      InconsistentEncodingError,
    );
    await expect(decodeBlob(blob.metadata, slivers, { check: 'strict' })).rejects.toBeInstanceOf(
      InconsistentEncodingError,
    );
    // With no check the tampered byte passes through: the checks are what catch it.
    const raw = await decodeBlob(blob.metadata, slivers, { check: 'none' });
    expect(Buffer.from(raw).equals(Buffer.from(data))).toBe(false);
  });

  it('verifies slivers against the metadata', async () => {
    const blob = await encodeBlob(sampleBytes(3000, 5), 7);
    const all = blob.pairs.flatMap((p) => [p.primary, p.secondary]);
    expect(await checkSliversAgainstMetadata(blob.metadata, all)).toEqual(all.map(() => true));
    const tampered = { ...all[3], data: all[3].data.slice() };
    tampered.data[tampered.data.length - 1] ^= 0x80;
    const wrongIndex = { ...all[0], index: 1 };
    expect(
      await checkSliversAgainstMetadata(blob.metadata, [tampered, wrongIndex, all[2]]),
    ).toEqual([false, false, true]);
    await expect(verifySliver(blob.metadata, tampered)).rejects.toBeInstanceOf(InvalidSliverError);
    await verifySliver(blob.metadata, all[5]);
  });
});

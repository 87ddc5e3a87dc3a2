import { readFileSync } from 'node:fs';
import { blobIdFromInt } from '@mysten/walrus';
import { describe, expect, it } from 'vitest';
import {
  blobIdFromString,
  blobIdFromU256,
  blobIdToString,
  blobIdToU256,
} from '../../src/encoding/blob-id.ts';
import { encodeBlob } from '../../src/encoding/encode.ts';
import { InvalidBcsError, InvalidMetadataError } from '../../src/encoding/errors.ts';
import {
  metadataFromBcs,
  metadataToBcs,
  metadataWithIdFromBcs,
  metadataWithIdToBcs,
} from '../../src/encoding/metadata.ts';
import {
  sliverFromBcs,
  sliverToBcs,
  taggedSliverFromBcs,
  taggedSliverToBcs,
} from '../../src/encoding/sliver.ts';
import { hex, referenceEncode, sampleBytes } from './helpers.ts';

interface Golden {
  dataUtf8: string;
  blobId: string;
  rootHash: string;
  hashes: { primary: string; secondary: string }[];
  primarySliverBcs: string[];
  secondarySliverBcs: string[];
}
const golden = JSON.parse(
  readFileSync(new URL('./fixtures/golden-n4.json', import.meta.url), 'utf8'),
) as Golden;

/** The official SDK's BCS schemas (not in its package exports, so loaded by file). */
const sdkBcs = (await import(
  new URL('../../node_modules/@mysten/walrus/dist/utils/bcs.mjs', import.meta.url).href
)) as {
  BlobMetadataWithId: {
    serialize(v: unknown): { toBytes(): Uint8Array };
    parse(b: Uint8Array): unknown;
  };
  SliverData: {
    parse(b: Uint8Array): { symbols: { data: number[]; symbol_size: number }; index: number };
  };
};

describe('wire formats', () => {
  it('reproduce the committed golden vector of the official encoder', async () => {
    const blob = await encodeBlob(new TextEncoder().encode(golden.dataUtf8), 4);
    expect(hex(blob.blobId)).toBe(golden.blobId);
    expect(hex(blob.rootHash)).toBe(golden.rootHash);
    expect(
      blob.metadata.hashes.map((h) => ({ primary: hex(h.primary), secondary: hex(h.secondary) })),
    ).toEqual(golden.hashes);
    expect(blob.pairs.map((p) => hex(sliverToBcs(p.primary)))).toEqual(golden.primarySliverBcs);
    expect(blob.pairs.map((p) => hex(sliverToBcs(p.secondary)))).toEqual(golden.secondarySliverBcs);
    for (const [p, bytes] of golden.primarySliverBcs.entries()) {
      const sliver = sliverFromBcs(Buffer.from(bytes, 'hex'), 'primary');
      expect(sliver.index).toBe(p);
      expect(hex(sliver.data)).toBe(hex(blob.pairs[p].primary.data));
    }
  });

  it('metadata-with-id bytes equal the SDK schema over the official metadata, and parse back', async () => {
    const data = sampleBytes(12_345, 4);
    const blob = await encodeBlob(data, 10);
    const ref = referenceEncode(data, blob);
    const sdkBytes = sdkBcs.BlobMetadataWithId.serialize({
      blobId: blobIdToU256(ref.blobId),
      metadata: {
        V1: {
          encoding_type: 'RS2',
          unencoded_length: data.length,
          hashes: ref.hashes.map((h) => ({
            primary_hash: { Digest: h.primary },
            secondary_hash: { Digest: h.secondary },
          })),
        },
      },
    }).toBytes();
    const ours = metadataWithIdToBcs(blob.blobId, blob.metadata);
    expect(hex(ours)).toBe(hex(sdkBytes));
    const back = metadataWithIdFromBcs(ours);
    expect(hex(back.blobId)).toBe(hex(blob.blobId));
    expect(back.metadata).toEqual(blob.metadata);
    expect(metadataFromBcs(metadataToBcs(blob.metadata))).toEqual(blob.metadata);
    // The SDK reads our sliver bytes too.
    const parsed = sdkBcs.SliverData.parse(sliverToBcs(blob.pairs[2].primary));
    expect(parsed.index).toBe(2);
    expect(parsed.symbols.symbol_size).toBe(blob.symbolSize);
  });

  it('blob id text and u256 forms agree with the SDK', async () => {
    const blob = await encodeBlob(sampleBytes(100, 5), 7);
    expect(blobIdToString(blob.blobId)).toBe(blobIdFromInt(blobIdToU256(blob.blobId)));
    expect(hex(blobIdFromString(blob.blobIdText))).toBe(hex(blob.blobId));
    expect(hex(blobIdFromU256(blobIdToU256(blob.blobId)))).toBe(hex(blob.blobId));
    expect(() => blobIdFromString('abc')).toThrow(/not a blob ID/);
    expect(() => blobIdFromString(blob.blobIdText.slice(0, 42) + '!')).toThrow(/not a blob ID/);
    expect(() => blobIdFromU256(1n << 256n)).toThrow(RangeError);
  });

  it('malformed BCS is an InvalidBcsError, never a crash', async () => {
    const blob = await encodeBlob(sampleBytes(500, 6), 4);
    const sliverBytes = sliverToBcs(blob.pairs[0].primary);
    expect(() => sliverFromBcs(sliverBytes.subarray(0, sliverBytes.length - 1), 'primary')).toThrow(
      InvalidBcsError,
    );
    expect(() => sliverFromBcs(Uint8Array.of(...sliverBytes, 7), 'primary')).toThrow(
      InvalidBcsError,
    );
    expect(() => sliverFromBcs(new Uint8Array(0), 'primary')).toThrow(InvalidBcsError);
    const tagged = taggedSliverToBcs(blob.pairs[1].secondary);
    expect(taggedSliverFromBcs(tagged)).toEqual({
      ...blob.pairs[1].secondary,
      data: Uint8Array.from(blob.pairs[1].secondary.data),
    });
    expect(() => taggedSliverFromBcs(Uint8Array.of(7, ...tagged.subarray(1)))).toThrow(
      InvalidBcsError,
    );
    const md = metadataToBcs(blob.metadata);
    expect(() => metadataFromBcs(md.subarray(0, 20))).toThrow(InvalidBcsError);
    expect(() => metadataFromBcs(Uint8Array.of(1, ...md.subarray(1)))).toThrow(InvalidBcsError);
    // Parses, but three pairs is no valid shard count.
    const three = metadataToBcs({ ...blob.metadata, hashes: blob.metadata.hashes.slice(0, 3) });
    expect(() => metadataFromBcs(three)).toThrow(InvalidMetadataError);
  });
});

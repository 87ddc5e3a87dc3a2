import { describe, expect, it } from 'vitest';
import {
  compactMetadataFor,
  compactMetadataFromBcs,
  compactMetadataToBcs,
  pairHashProofFromBcs,
  pairHashProofToBcs,
  verifyCompactMetadata,
  verifyRecoverySymbolWithPairProof,
  verifySliverCompact,
} from '../../src/encoding/compact-metadata.ts';
import { encodeBlob } from '../../src/encoding/encode.ts';
import { InvalidMetadataError, InvalidSliverError } from '../../src/encoding/errors.ts';
import { loadHashEngine } from '../../src/encoding/hash.ts';
import { metadataWithIdToBcs } from '../../src/encoding/metadata.ts';
import { pairIndexForShard } from '../../src/encoding/pairs.ts';
import { prepareRecoverySource } from '../../src/encoding/recovery.ts';
import { sampleBytes } from './helpers.ts';

describe('compact per-node metadata', () => {
  it('lets a node verify its own slivers and nothing else', async () => {
    const n = 13;
    const blob = await encodeBlob(sampleBytes(20_000, 1), n);
    const shards = [0, 5, 12];
    const pairs = shards.map((s) => pairIndexForShard(s, blob.blobId, n));
    const compact = await compactMetadataFor(blob.blobId, blob.metadata, pairs);
    await verifyCompactMetadata(compact);
    const back = compactMetadataFromBcs(compactMetadataToBcs(compact));
    expect(back).toEqual(compact);
    await verifyCompactMetadata(back);
    for (const p of pairs) {
      await verifySliverCompact(back, blob.pairs[p].primary);
      await verifySliverCompact(back, blob.pairs[p].secondary);
    }
    const foreign = blob.pairs.find((p) => !pairs.includes(p.pairIndex))!;
    await expect(verifySliverCompact(back, foreign.primary)).rejects.toBeInstanceOf(
      InvalidSliverError,
    );
    const tampered = {
      ...blob.pairs[pairs[0]].primary,
      data: blob.pairs[pairs[0]].primary.data.slice(),
    };
    tampered.data[3] ^= 4;
    await expect(verifySliverCompact(back, tampered)).rejects.toBeInstanceOf(InvalidSliverError);
    expect(compactMetadataToBcs(compact).length).toBeLessThan(
      metadataWithIdToBcs(blob.blobId, blob.metadata).length,
    );
  });

  it('rejects a wrong root, a wrong pair hash or a wrong path', async () => {
    const blob = await encodeBlob(sampleBytes(3000, 2), 10);
    const compact = await compactMetadataFor(blob.blobId, blob.metadata, [1, 4]);
    const wrongRoot = { ...compact, rootHash: new Uint8Array(32) };
    await expect(verifyCompactMetadata(wrongRoot)).rejects.toBeInstanceOf(InvalidMetadataError);
    const wrongHash = {
      ...compact,
      pairs: [
        { ...compact.pairs[0], primaryHash: blob.metadata.hashes[2].primary },
        compact.pairs[1],
      ],
    };
    await expect(verifyCompactMetadata(wrongHash)).rejects.toBeInstanceOf(InvalidMetadataError);
    const moved = { ...compact, pairs: [{ ...compact.pairs[0], pairIndex: 0 }] };
    await expect(verifyCompactMetadata(moved)).rejects.toBeInstanceOf(InvalidMetadataError);
    const short = {
      ...compact,
      pairs: [{ ...compact.pairs[0], path: compact.pairs[0].path.slice(1) }],
    };
    await expect(verifyCompactMetadata(short)).rejects.toBeInstanceOf(InvalidMetadataError);
    const badMetadata = { ...blob.metadata, unencodedLength: 2999 };
    await expect(compactMetadataFor(blob.blobId, badMetadata, [1])).rejects.toBeInstanceOf(
      InvalidMetadataError,
    );
  });

  it("checks a peer's recovery symbol through the peer's pair proof", async () => {
    const n = 10;
    const blob = await encodeBlob(sampleBytes(9000, 3), n);
    const hash = await loadHashEngine();
    const mine = await compactMetadataFor(blob.blobId, blob.metadata, [0]);
    // The peer holds pair 6: its secondary sliver n-1-6 = 3 helps rebuild primary slivers.
    const peer = await compactMetadataFor(blob.blobId, blob.metadata, [6]);
    const peerProof = pairHashProofFromBcs(pairHashProofToBcs(peer.pairs[0]));
    const source = await prepareRecoverySource(
      blob.params,
      blob.symbolSize,
      blob.pairs[6].secondary,
    );
    const symbol = source.symbol(0);
    expect(
      verifyRecoverySymbolWithPairProof(hash, mine, symbol, peerProof, {
        axis: 'primary',
        index: 0,
      }),
    ).toBe(true);
    const flipped = { ...symbol, data: symbol.data.slice() };
    flipped.data[0] ^= 1;
    expect(verifyRecoverySymbolWithPairProof(hash, mine, flipped, peerProof)).toBe(false);
    const otherPair = (await compactMetadataFor(blob.blobId, blob.metadata, [5])).pairs[0];
    expect(verifyRecoverySymbolWithPairProof(hash, mine, symbol, otherPair)).toBe(false);
  });
});

/**
 * The node's use of compact metadata (PROTOCOL.md section 8; the format and its checks are the
 * encoding core's, src/encoding/compact-metadata.ts). A node in compact mode keeps the blob root
 * and its own pairs' hashes with their Merkle paths; full metadata stays with the holders of
 * pairs 0..f (f+1 shards, so at least one honest holder), which reads fetch it from.
 */
import { compactMetadataToBcs, type CompactMetadata } from '../../encoding/compact-metadata.ts';
import { DIGEST_LEN } from '../../encoding/hash.ts';
import type { BlobMetadata } from '../../encoding/metadata.ts';
import { encodingParams } from '../../encoding/params.ts';

/** Whether pair `pairIndex` is one of the f+1 pairs whose holders keep full metadata. */
export function isMetadataKeeperPair(pairIndex: number, nShards: number): boolean {
  return pairIndex <= encodingParams(nShards).f;
}

/**
 * A `BlobMetadata` with the kept pairs' hashes and zeros elsewhere: enough for the encoding
 * core's sliver check on the kept pairs (a zero hash never matches a real sliver).
 */
export function sparseMetadata(c: CompactMetadata): BlobMetadata {
  const zero = new Uint8Array(DIGEST_LEN);
  const hashes: BlobMetadata['hashes'] = Array.from({ length: c.nShards }, () => ({
    primary: zero,
    secondary: zero,
  }));
  for (const p of c.pairs)
    hashes[p.pairIndex] = { primary: p.primaryHash, secondary: p.secondaryHash };
  return { encodingType: c.encodingType, unencodedLength: c.unencodedLength, hashes };
}

/** Bytes of the compact form for a node holding `pairs` of `nShards` pairs (paths of full depth). */
export function compactMetadataBytes(nShards: number, pairs: number): number {
  const depth = Math.ceil(Math.log2(nShards));
  const zero = new Uint8Array(DIGEST_LEN);
  return compactMetadataToBcs({
    blobId: zero,
    encodingType: 1,
    unencodedLength: 1,
    nShards,
    rootHash: zero,
    pairs: Array.from({ length: pairs }, (_, i) => ({
      pairIndex: i,
      primaryHash: zero,
      secondaryHash: zero,
      path: Array(depth).fill(zero),
    })),
  }).length;
}

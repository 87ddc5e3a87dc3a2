/**
 * Compact metadata (PROTOCOL.md section 8): instead of all n pair hashes (66 n bytes of BCS per
 * blob, on every node), a node keeps the blob root plus, for each pair it stores, the two sliver
 * hashes and their Merkle path to the root. Every check the node makes still works: the root and
 * the unencoded length give the blob ID back, each kept pair is proven against the root, and a
 * sliver is checked against its pair's hash. What it cannot do is serve the full metadata, so
 * full metadata stays with the holders of pairs 0..f (f+1 shards, at least one of them honest).
 *
 * Stored form (BCS): { encoding_type u8, unencoded_length u64, n_shards u16, root [32],
 *                     pairs: vector<{ pair u16, primary [32], secondary [32], path vector<[32]> }> }
 * (an empty node of the path is 32 zero bytes, as in the tree's padding).
 */
import { bcs } from '@mysten/bcs';
import { parseBcs } from '../../encoding/bcs.ts';
import { bytesEqual, MerkleTree, rootFromProof, leafHash } from '../../encoding/merkle.ts';
import { blobIdFromRoot, blobRootTree, type BlobMetadata } from '../../encoding/metadata.ts';
import { DIGEST_LEN, type HashEngine } from '../../encoding/hash.ts';
import { InvalidMetadataError } from '../../encoding/errors.ts';
import { encodingParams } from '../../encoding/params.ts';

const Digest = bcs.fixedArray(32, bcs.u8());
const CompactPairBcs = bcs.struct('CompactPair', {
  pair: bcs.u16(),
  primary: Digest,
  secondary: Digest,
  path: bcs.vector(Digest),
});
const CompactMetadataBcs = bcs.struct('CompactMetadata', {
  encoding_type: bcs.u8(),
  unencoded_length: bcs.u64(),
  n_shards: bcs.u16(),
  root: Digest,
  pairs: bcs.vector(CompactPairBcs),
});

export interface CompactPair {
  pairIndex: number;
  primary: Uint8Array;
  secondary: Uint8Array;
  /** Siblings from the pair leaf up to the root (32 zero bytes for an empty sibling). */
  path: Uint8Array[];
}

export interface CompactMetadata {
  encodingType: number;
  unencodedLength: number;
  nShards: number;
  root: Uint8Array;
  pairs: CompactPair[];
}

/** How many replicas of full metadata the network keeps: pairs 0..f (f+1 shards). */
export function isMetadataKeeperPair(pairIndex: number, nShards: number): boolean {
  return pairIndex <= encodingParams(nShards).f;
}

/** The compact form of `metadata` for the pairs in `pairIndices`. */
export function toCompact(hash: HashEngine, metadata: BlobMetadata, pairIndices: readonly number[]): CompactMetadata {
  const tree: MerkleTree = blobRootTree(hash, metadata);
  const zero = new Uint8Array(DIGEST_LEN);
  return {
    encodingType: metadata.encodingType,
    unencodedLength: metadata.unencodedLength,
    nShards: metadata.hashes.length,
    root: tree.root,
    pairs: [...new Set(pairIndices)]
      .sort((a, b) => a - b)
      .map((p) => ({
        pairIndex: p,
        primary: metadata.hashes[p].primary,
        secondary: metadata.hashes[p].secondary,
        path: tree.proof(p).path.map((node) => node ?? zero),
      })),
  };
}

/**
 * Checks that the compact metadata commits to `blobId` and that every kept pair is proven
 * against its root.
 * @throws InvalidMetadataError otherwise.
 */
export function verifyCompact(hash: HashEngine, blobId: Uint8Array, c: CompactMetadata): void {
  if (!bytesEqual(blobIdFromRoot(hash, c.encodingType, c.unencodedLength, c.root), blobId)) {
    throw new InvalidMetadataError('compact metadata does not commit to the blob ID');
  }
  for (const p of c.pairs) {
    const leaf = leafHash(hash, concat(p.primary, p.secondary));
    const path = p.path.map((node) => (node.every((b) => b === 0) ? null : node));
    if (!bytesEqual(rootFromProof(hash, leaf, { path, leafIndex: p.pairIndex }), c.root)) {
      throw new InvalidMetadataError(`pair ${p.pairIndex} is not proven against the blob root`);
    }
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * A `BlobMetadata` that has the kept pairs' hashes and zeros elsewhere: enough for the encoding
 * core to check slivers of the kept pairs (a zero hash never matches a real sliver).
 */
export function sparseMetadata(c: CompactMetadata): BlobMetadata {
  const zero = new Uint8Array(DIGEST_LEN);
  const hashes: BlobMetadata['hashes'] = Array.from({ length: c.nShards }, () => ({ primary: zero, secondary: zero }));
  for (const p of c.pairs) hashes[p.pairIndex] = { primary: p.primary, secondary: p.secondary };
  return { encodingType: c.encodingType, unencodedLength: c.unencodedLength, hashes };
}

export function compactToBcs(c: CompactMetadata): Uint8Array {
  return CompactMetadataBcs.serialize({
    encoding_type: c.encodingType,
    unencoded_length: BigInt(c.unencodedLength),
    n_shards: c.nShards,
    root: Array.from(c.root),
    pairs: c.pairs.map((p) => ({ pair: p.pairIndex, primary: Array.from(p.primary), secondary: Array.from(p.secondary), path: p.path.map((x) => Array.from(x)) })),
  }).toBytes();
}

/** @throws InvalidBcsError on malformed bytes. */
export function compactFromBcs(bytes: Uint8Array): CompactMetadata {
  const w = parseBcs(CompactMetadataBcs, bytes, 'CompactMetadata');
  return {
    encodingType: w.encoding_type,
    unencodedLength: Number(w.unencoded_length),
    nShards: w.n_shards,
    root: Uint8Array.from(w.root),
    pairs: w.pairs.map((p) => ({
      pairIndex: p.pair,
      primary: Uint8Array.from(p.primary),
      secondary: Uint8Array.from(p.secondary),
      path: p.path.map((x) => Uint8Array.from(x)),
    })),
  };
}

/** Size in bytes of the compact form for a node holding `pairs` of `nShards` pairs. */
export function compactMetadataBytes(nShards: number, pairs: number): number {
  const depth = Math.ceil(Math.log2(nShards));
  const zero = new Uint8Array(32);
  return compactToBcs({
    encodingType: 1,
    unencodedLength: 1,
    nShards,
    root: zero,
    pairs: Array.from({ length: pairs }, (_, i) => ({ pairIndex: i, primary: zero, secondary: zero, path: Array(depth).fill(zero) })),
  }).length;
}

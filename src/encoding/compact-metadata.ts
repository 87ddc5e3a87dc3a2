/**
 * Compact per-node metadata (PROTOCOL.md section 8). Walrus has every node keep all n pairs of
 * sliver hashes per blob (about 66 n bytes: 66 KB at n = 1000). A node needs only the blob root
 * (bound to the blob ID) and, for each sliver pair it stores, that pair's two hashes with the
 * Merkle path from their leaf to the root: ~64 + 33 log2(n) bytes per pair. With that it can
 *  - check the slivers it is sent or holds (verifySliverCompact),
 *  - serve recovery symbols (their proofs lead to its own sliver hashes),
 *  - answer challenges with paths to the registered root, and
 *  - hand its pair proofs to peers, so they can check its recovery symbols without the full
 *    metadata (verifyRecoverySymbolWithPairProof).
 */
import { CompactMetadataBcs, parseBcs, PairHashProofBcs } from './bcs.ts';
import { InvalidMetadataError, InvalidSliverError } from './errors.ts';
import { DIGEST_LEN, loadHashEngine, type HashEngine } from './hash.ts';
import { bytesEqual, rootFromProof, type MerkleProof } from './merkle.ts';
import { blobIdFromRoot, blobRootTree, verifyMetadata, type BlobMetadata } from './metadata.ts';
import { ENCODING_TYPE_RS2, encodingParams, symbolSizeFor } from './params.ts';
import {
  isWellFormedSymbol,
  otherAxis,
  verifyRecoverySymbolAgainst,
  type RecoverySymbol,
} from './recovery.ts';
import { checkSliver, type Sliver, type SliverAxis } from './sliver.ts';
import { computeSliverHashes } from './verify-sliver.ts';

/** Pair p's hashes (primary sliver p, secondary sliver n-1-p) and their path to the blob root. */
export interface PairHashProof {
  pairIndex: number;
  primaryHash: Uint8Array;
  secondaryHash: Uint8Array;
  /** Siblings from the pair's leaf up to the blob root (leaf index = pairIndex). */
  path: (Uint8Array | null)[];
}

export interface CompactMetadata {
  blobId: Uint8Array;
  encodingType: number;
  unencodedLength: number;
  nShards: number;
  rootHash: Uint8Array;
  /** Sorted by pair index, no duplicates. */
  pairs: PairHashProof[];
}

/**
 * The compact metadata a node storing `pairIndices` keeps, cut from the full metadata (which is
 * first checked against `blobId`).
 * @throws InvalidMetadataError if the metadata does not commit to `blobId`; RangeError on a bad pair index.
 */
export async function compactMetadataFor(
  blobId: Uint8Array,
  metadata: BlobMetadata,
  pairIndices: readonly number[],
): Promise<CompactMetadata> {
  const hash = await loadHashEngine();
  verifyMetadata(hash, blobId, metadata);
  const n = metadata.hashes.length;
  const tree = blobRootTree(hash, metadata);
  const pairs = [...new Set(pairIndices)]
    .sort((a, b) => a - b)
    .map((p) => {
      if (!Number.isInteger(p) || p < 0 || p >= n)
        throw new RangeError(`pair index ${p} out of range 0..${n - 1}`);
      return {
        pairIndex: p,
        primaryHash: metadata.hashes[p].primary,
        secondaryHash: metadata.hashes[p].secondary,
        path: tree.proof(p).path,
      };
    });
  return {
    blobId: blobId.slice(),
    encodingType: metadata.encodingType,
    unencodedLength: metadata.unencodedLength,
    nShards: n,
    rootHash: tree.root.slice(),
    pairs,
  };
}

/** Whether a pair proof leads to `root`. */
export function verifyPairHashProof(
  hash: HashEngine,
  root: Uint8Array,
  nShards: number,
  proof: PairHashProof,
): boolean {
  if (!Number.isInteger(proof.pairIndex) || proof.pairIndex < 0 || proof.pairIndex >= nShards)
    return false;
  // A tree of n leaves has exactly ceil(log2 n) levels above the leaves.
  if (proof.path.length !== Math.ceil(Math.log2(nShards))) return false;
  const leaf = new Uint8Array(2 * DIGEST_LEN);
  leaf.set(proof.primaryHash, 0);
  leaf.set(proof.secondaryHash, DIGEST_LEN);
  const merkle: MerkleProof = { path: proof.path, leafIndex: proof.pairIndex };
  return bytesEqual(rootFromProof(hash, hash.digest(Uint8Array.of(0), leaf), merkle), root);
}

/**
 * Checks the root against the blob ID and every pair proof against the root.
 * @throws InvalidMetadataError on any mismatch.
 */
export async function verifyCompactMetadata(c: CompactMetadata): Promise<void> {
  const hash = await loadHashEngine();
  encodingParams(c.nShards);
  if (c.encodingType !== ENCODING_TYPE_RS2)
    throw new InvalidMetadataError(`unsupported encoding type ${c.encodingType}`);
  const id = blobIdFromRoot(hash, c.encodingType, c.unencodedLength, c.rootHash);
  if (!bytesEqual(id, c.blobId))
    throw new InvalidMetadataError('compact metadata root does not match the blob ID');
  for (const pair of c.pairs) {
    if (!verifyPairHashProof(hash, c.rootHash, c.nShards, pair)) {
      throw new InvalidMetadataError(`pair ${pair.pairIndex} hashes do not lead to the blob root`);
    }
  }
}

function pairFor(
  c: CompactMetadata,
  axis: SliverAxis,
  index: number,
): { pair: PairHashProof; expected: Uint8Array } {
  const pairIndex = axis === 'primary' ? index : c.nShards - 1 - index;
  const pair = c.pairs.find((p) => p.pairIndex === pairIndex);
  if (pair === undefined)
    throw new InvalidSliverError(`${axis} sliver ${index} is not in this node's pairs`);
  return { pair, expected: axis === 'primary' ? pair.primaryHash : pair.secondaryHash };
}

/**
 * Verifies a sliver of one of the node's pairs against compact metadata (already verified).
 * @throws InvalidSliverError if the sliver is malformed, foreign, or does not match.
 */
export async function verifySliverCompact(c: CompactMetadata, sliver: Sliver): Promise<void> {
  const params = encodingParams(c.nShards);
  const s = symbolSizeFor(params, c.unencodedLength);
  checkSliver(params, s, sliver);
  const { expected } = pairFor(c, sliver.axis, sliver.index);
  const [got] = await computeSliverHashes(params, s, sliver.axis, [sliver]);
  if (!bytesEqual(got, expected))
    throw new InvalidSliverError(
      `${sliver.axis} sliver ${sliver.index} does not match the metadata`,
    );
}

/**
 * Verifies a peer's recovery symbol with compact metadata only: the helper's pair proof shows
 * its sliver hash under the blob root, and the symbol's proof leads to that hash.
 */
export function verifyRecoverySymbolWithPairProof(
  hash: HashEngine,
  c: CompactMetadata,
  symbol: RecoverySymbol,
  helperPair: PairHashProof,
  target?: { axis: SliverAxis; index: number },
): boolean {
  const s = symbolSizeFor(encodingParams(c.nShards), c.unencodedLength);
  if (!isWellFormedSymbol(symbol, c.nShards, s, target)) return false;
  if (!verifyPairHashProof(hash, c.rootHash, c.nShards, helperPair)) return false;
  const sourceAxis = otherAxis(symbol.targetAxis);
  const pairIndex =
    sourceAxis === 'primary' ? symbol.sourceIndex : c.nShards - 1 - symbol.sourceIndex;
  if (helperPair.pairIndex !== pairIndex) return false;
  const sourceHash = sourceAxis === 'primary' ? helperPair.primaryHash : helperPair.secondaryHash;
  return verifyRecoverySymbolAgainst(hash, symbol, sourceHash);
}

function pairToWire(p: PairHashProof) {
  return {
    pair_index: p.pairIndex,
    primary_hash: p.primaryHash,
    secondary_hash: p.secondaryHash,
    path: p.path.map((node) => (node === null ? { Empty: true as const } : { Digest: node })),
  };
}

function pairFromWire(w: ReturnType<typeof PairHashProofBcs.parse>): PairHashProof {
  return {
    pairIndex: w.pair_index,
    primaryHash: Uint8Array.from(w.primary_hash),
    secondaryHash: Uint8Array.from(w.secondary_hash),
    path: w.path.map((node) =>
      node.Digest !== undefined && node.Digest !== null ? Uint8Array.from(node.Digest) : null,
    ),
  };
}

export function pairHashProofToBcs(p: PairHashProof): Uint8Array {
  return PairHashProofBcs.serialize(pairToWire(p)).toBytes();
}

/** @throws InvalidBcsError on malformed bytes. */
export function pairHashProofFromBcs(bytes: Uint8Array): PairHashProof {
  return pairFromWire(parseBcs(PairHashProofBcs, bytes, 'PairHashProof'));
}

export function compactMetadataToBcs(c: CompactMetadata): Uint8Array {
  return CompactMetadataBcs.serialize({
    blob_id: c.blobId,
    encoding_type: c.encodingType === 0 ? { RedStuff: true } : { RS2: true },
    unencoded_length: BigInt(c.unencodedLength),
    n_shards: c.nShards,
    root: c.rootHash,
    pairs: c.pairs.map(pairToWire),
  }).toBytes();
}

/** @throws InvalidBcsError on malformed bytes (verify the result with verifyCompactMetadata). */
export function compactMetadataFromBcs(bytes: Uint8Array): CompactMetadata {
  const w = parseBcs(CompactMetadataBcs, bytes, 'CompactMetadata');
  const length = BigInt(w.unencoded_length);
  if (length > BigInt(Number.MAX_SAFE_INTEGER))
    throw new InvalidMetadataError(`unencoded length ${length} too large`);
  return {
    blobId: Uint8Array.from(w.blob_id),
    encodingType: w.encoding_type.RS2 !== undefined ? 1 : 0,
    unencodedLength: Number(length),
    nShards: w.n_shards,
    rootHash: Uint8Array.from(w.root),
    pairs: w.pairs.map(pairFromWire),
  };
}

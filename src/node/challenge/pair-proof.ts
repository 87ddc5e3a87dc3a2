/**
 * Where a node's stored metadata puts one of its sliver pairs under the blob root: the pair's two
 * sliver hashes, the Merkle path from the pair leaf to the root, and the root. Full metadata
 * rebuilds the tree over all n pairs; compact metadata (PROTOCOL.md section 8) already keeps
 * the root and the paths of the node's own pairs, which is all a challenge answer needs.
 */
import { compactMetadataFromBcs } from '../../encoding/compact-metadata.ts';
import { DIGEST_LEN, type HashEngine } from '../../encoding/hash.ts';
import { blobRootTree, type BlobMetadata } from '../../encoding/metadata.ts';
import type { NodeContext } from '../service/context.ts';
import { decodeStoredMetadata } from '../store/stored-metadata.ts';

export interface PairPlacement {
  metadata: BlobMetadata;
  primaryHash: Uint8Array;
  secondaryHash: Uint8Array;
  /** Siblings from the pair leaf up to the root; empty nodes as 32 zero bytes (as on chain). */
  pairPath: Uint8Array[];
  root: Uint8Array;
}

const ZERO = new Uint8Array(DIGEST_LEN);

/** Fills empty Merkle nodes with the 32 zero bytes the chain's path format uses. */
export function pathBytes(path: readonly (Uint8Array | null)[]): Uint8Array[] {
  return path.map((node) => node ?? ZERO);
}

/**
 * A lookup of the blob's pairs as the node's stored metadata places them (the tree over all
 * pairs is built once per blob), or undefined when the node stores no metadata for the blob.
 * The lookup answers undefined for a pair a compact node does not keep.
 * @throws whatever decoding corrupt stored metadata throws.
 */
export function pairPlacements(
  ctx: NodeContext,
  hash: HashEngine,
  blobId: Uint8Array,
): ((pairIndex: number) => PairPlacement | undefined) | undefined {
  const bytes = ctx.store.getMetadata(blobId);
  if (bytes === undefined) return undefined;
  const stored = decodeStoredMetadata(bytes);
  const { metadata } = stored;
  if (stored.full) {
    const tree = blobRootTree(hash, metadata);
    return (pairIndex) =>
      pairIndex < 0 || pairIndex >= metadata.hashes.length
        ? undefined
        : {
            metadata,
            primaryHash: metadata.hashes[pairIndex].primary,
            secondaryHash: metadata.hashes[pairIndex].secondary,
            pairPath: pathBytes(tree.proof(pairIndex).path),
            root: tree.root,
          };
  }
  // Compact form: a marker byte, then the encoding core's CompactMetadata (stored-metadata.ts).
  const compact = compactMetadataFromBcs(bytes.subarray(1));
  return (pairIndex) => {
    const pair = compact.pairs.find((p) => p.pairIndex === pairIndex);
    if (pair === undefined) return undefined;
    return {
      metadata,
      primaryHash: pair.primaryHash,
      secondaryHash: pair.secondaryHash,
      pairPath: pathBytes(pair.path),
      root: compact.rootHash,
    };
  };
}

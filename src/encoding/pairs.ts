/**
 * Sliver pairs and shards. Pair p holds primary sliver p and secondary sliver n-1-p; it is stored
 * by shard (p + rotation) mod n, where rotation is the blob ID read big-endian mod n (Walrus's
 * `SliverPairIndex::to_shard_index`).
 */
import { rotationOffset } from './blob-id.ts';

function checkIndex(name: string, value: number, nShards: number): void {
  if (!Number.isInteger(nShards) || nShards < 1)
    throw new RangeError(`nShards must be a positive integer`);
  if (!Number.isInteger(value) || value < 0 || value >= nShards) {
    throw new RangeError(`${name} must be an integer in 0..${nShards - 1}, got ${value}`);
  }
}

/** The shard that stores sliver pair `pairIndex` of blob `blobId`. */
export function shardForPairIndex(pairIndex: number, blobId: Uint8Array, nShards: number): number {
  checkIndex('pairIndex', pairIndex, nShards);
  return (pairIndex + rotationOffset(blobId, nShards)) % nShards;
}

/** The sliver pair that shard `shardIndex` stores for blob `blobId` (inverse of `shardForPairIndex`). */
export function pairIndexForShard(shardIndex: number, blobId: Uint8Array, nShards: number): number {
  checkIndex('shardIndex', shardIndex, nShards);
  return (shardIndex + nShards - rotationOffset(blobId, nShards)) % nShards;
}

/** Index of the secondary sliver in pair `pairIndex` (and, symmetrically, the pair of a secondary sliver). */
export function secondarySliverIndexForPair(pairIndex: number, nShards: number): number {
  checkIndex('pairIndex', pairIndex, nShards);
  return nShards - 1 - pairIndex;
}

/** The pair that holds secondary sliver `sliverIndex`. */
export function pairIndexForSecondarySliver(sliverIndex: number, nShards: number): number {
  checkIndex('sliverIndex', sliverIndex, nShards);
  return nShards - 1 - sliverIndex;
}

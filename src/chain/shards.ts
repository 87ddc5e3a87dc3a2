/**
 * Who holds what, from a committee: a node's shards, the owner of a shard, and for a blob the
 * sliver pair each shard stores (through the encoding core's pair <-> shard rotation). What
 * storage nodes and clients need to route slivers; pure functions over `Committee`.
 */
import { pairIndexForShard, shardForPairIndex } from '../encoding/pairs.ts';
import { blobIdToBytes, normalizeId, type ObjectId } from './ids.ts';
import type { Committee, CommitteeMember } from './types.ts';

/** The shards of `nodeId` in `committee` (ascending), or `[]` if it is not a member. */
export function shardsOfNode(committee: Committee, nodeId: ObjectId): number[] {
  const id = normalizeId(nodeId, 'nodeId');
  return [...(committee.members.find((m) => m.nodeId === id)?.shards ?? [])];
}

/**
 * The member owning each shard: `owners[s]` for s in 0..n-1.
 * @throws RangeError if a shard is unowned, owned twice or out of range (not a valid committee).
 */
export function shardOwners(committee: Committee): CommitteeMember[] {
  const owners = new Array<CommitteeMember | undefined>(committee.nShards);
  for (const m of committee.members) {
    for (const s of m.shards) {
      if (!Number.isInteger(s) || s < 0 || s >= committee.nShards)
        throw new RangeError(`shard ${s} out of range`);
      if (owners[s] !== undefined) throw new RangeError(`shard ${s} assigned twice`);
      owners[s] = m;
    }
  }
  const missing = owners.findIndex((o) => o === undefined);
  if (committee.members.length > 0 && missing >= 0)
    throw new RangeError(`shard ${missing} has no owner`);
  return owners as CommitteeMember[];
}

/** The sliver pair that `shard` stores for the blob (u256 blob ID, see ids.ts). */
export function pairIndexOfShard(blobId: bigint, shard: number, nShards: number): number {
  return pairIndexForShard(shard, blobIdToBytes(blobId), nShards);
}

/** The shard that stores sliver pair `pairIndex` of the blob. */
export function shardOfPair(blobId: bigint, pairIndex: number, nShards: number): number {
  return shardForPairIndex(pairIndex, blobIdToBytes(blobId), nShards);
}

/** The `(shard, pairIndex)` pairs `nodeId` stores for the blob, by shard. */
export function pairsOfNode(
  committee: Committee,
  nodeId: ObjectId,
  blobId: bigint,
): { shard: number; pairIndex: number }[] {
  const bytes = blobIdToBytes(blobId);
  return shardsOfNode(committee, nodeId).map((shard) => ({
    shard,
    pairIndex: pairIndexForShard(shard, bytes, committee.nShards),
  }));
}

/**
 * The member storing sliver pair `pairIndex` of the blob.
 * @throws RangeError if the committee leaves that shard unowned.
 */
export function nodeOfPair(
  committee: Committee,
  blobId: bigint,
  pairIndex: number,
): CommitteeMember {
  const shard = shardOfPair(blobId, pairIndex, committee.nShards);
  const owner = committee.members.find((m) => m.shards.includes(shard));
  if (owner === undefined)
    throw new RangeError(`shard ${shard} has no owner in epoch ${committee.epoch}`);
  return owner;
}

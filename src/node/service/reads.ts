/**
 * Reads: metadata, slivers, and the status routes (metadata, sliver, blob). Reads never block on
 * the chain or on recovery; they answer from the store and the buffer.
 */
import { blobIdToString } from '../../encoding/blob-id.ts';
import { metadataWithIdToBcs } from '../../encoding/metadata.ts';
import { shardForPairIndex } from '../../encoding/pairs.ts';
import { blobStatus, type BlobStatusJson } from '../blob-record.ts';
import {
  BlobInvalidError,
  IndexOutOfRangeError,
  NotStoredError,
  ShardNotAssignedError,
} from '../errors.ts';
import type { Axis } from '../store/node-store.ts';
import { checkNotChallenged } from '../challenge/read-pause.ts';
import { blobKey, type NodeContext } from './context.ts';

/** Walrus's `StoredOnNodeStatus`. */
export type StoredOnNodeStatus = 'Nonexistent' | 'Buffered' | 'Stored';

/**
 * BCS `BlobMetadataWithId` of a stored blob.
 * @throws NotStoredError (404), BlobInvalidError (409).
 */
export function readMetadata(ctx: NodeContext, blobId: Uint8Array): Uint8Array {
  if (ctx.store.getBlob(blobId)?.invalid) throw new BlobInvalidError(blobIdToString(blobId));
  const stored = ctx.metadataCache.get(ctx.store, blobId);
  if (stored === undefined) throw new NotStoredError(`metadata of blob ${blobIdToString(blobId)}`);
  // A node keeping compact metadata cannot serve the full form; the keepers of pairs 0..f do.
  if (!stored.full)
    throw new NotStoredError(`full metadata of blob ${blobIdToString(blobId)} (compact here)`);
  return metadataWithIdToBcs(blobId, stored.metadata);
}

export function metadataStatus(ctx: NodeContext, blobId: Uint8Array): StoredOnNodeStatus {
  if (ctx.store.hasMetadata(blobId)) return 'Stored';
  if (ctx.buffer.hasMetadata(blobKey(blobId))) return 'Buffered';
  return 'Nonexistent';
}

/** The shard holding pair `pairIndex`, checked against the shards this node serves. */
function ownShardFor(ctx: NodeContext, blobId: Uint8Array, pairIndex: number): number {
  const committee = ctx.committee.require();
  const n = committee.nShards;
  if (!Number.isInteger(pairIndex) || pairIndex < 0 || pairIndex >= n) {
    throw new IndexOutOfRangeError('sliver pair index', pairIndex, n);
  }
  const shard = shardForPairIndex(pairIndex, blobId, n);
  if (!ctx.committee.serves(shard))
    throw new ShardNotAssignedError(pairIndex, shard, committee.epoch);
  return shard;
}

/**
 * BCS `SliverData` of a stored sliver.
 * @throws IndexOutOfRangeError (400), ShardNotAssignedError (421), NotStoredError (404).
 */
export function readSliver(
  ctx: NodeContext,
  blobId: Uint8Array,
  pairIndex: number,
  axis: Axis,
): Uint8Array {
  checkNotChallenged(ctx, blobId);
  const shard = ownShardFor(ctx, blobId, pairIndex);
  if (ctx.store.getBlob(blobId)?.invalid) throw new BlobInvalidError(blobIdToString(blobId));
  const bytes = ctx.store.getSliver(shard, blobId, axis);
  if (bytes === undefined)
    throw new NotStoredError(
      `${axis} sliver of pair ${pairIndex} of blob ${blobIdToString(blobId)}`,
    );
  return bytes;
}

export function sliverStatus(
  ctx: NodeContext,
  blobId: Uint8Array,
  pairIndex: number,
  axis: Axis,
): StoredOnNodeStatus {
  const shard = ownShardFor(ctx, blobId, pairIndex);
  if (ctx.store.hasSliver(shard, blobId, axis)) return 'Stored';
  if (ctx.buffer.hasSliver(blobKey(blobId), pairIndex, axis)) return 'Buffered';
  return 'Nonexistent';
}

export function readBlobStatus(ctx: NodeContext, blobId: Uint8Array): BlobStatusJson {
  const epoch = ctx.committee.current?.epoch ?? 0;
  return blobStatus(ctx.store.getBlob(blobId), epoch);
}

/**
 * Storing metadata and slivers (`PUT .../metadata`, `PUT .../slivers/{pair}/{axis}`). Order of
 * checks: parse and verify what can be checked without state (bad input is 400 whatever the
 * blob's state), then the blob's registration, then the shard assignment, then the hash against
 * the stored metadata. Nothing is written unless every check passed, and a reply of "stored"
 * comes only after the write is durable.
 */
import { blobIdToString, blobIdToU256 } from '../../encoding/blob-id.ts';
import { loadHashEngine } from '../../encoding/hash.ts';
import { metadataFromBcs, verifyMetadata, type BlobMetadata } from '../../encoding/metadata.ts';
import { pairIndexForShard, shardForPairIndex } from '../../encoding/pairs.ts';
import { isMetadataKeeperPair } from '../store/compact-metadata.ts';
import { compactMetadataFor } from '../../encoding/compact-metadata.ts';
import { encodeCompactForStore } from '../store/stored-metadata.ts';
import { sliverFromBcs } from '../../encoding/sliver.ts';
import { InvalidMetadataError } from '../../encoding/errors.ts';
import { acceptsUploads, isExpired } from '../blob-record.ts';
import {
  BlobExpiredError,
  BlobInvalidError,
  BlobNotRegisteredError,
  IndexOutOfRangeError,
  MissingMetadataError,
  ShardNotAssignedError,
} from '../errors.ts';
import type { Axis } from '../store/node-store.ts';
import { sliverIndexOfPair, verifySliverAgainstMetadata } from './sliver-check.ts';
import { blobKey, type NodeContext } from './context.ts';

export type UploadOutcome = 'stored' | 'already-stored' | 'buffered';

/**
 * Whether the blob is registered on chain although this node has not applied the event yet.
 * Without a chain handle (in-process tests) the answer is no.
 */
async function registeredOnChainOnly(
  ctx: NodeContext,
  blobId: Uint8Array,
  epoch: number,
): Promise<boolean> {
  if (ctx.chain === undefined) return false;
  const objects = await ctx.chain.getBlobsByBlobId(blobIdToU256(blobId));
  return objects.some((o) => o.storage.endEpoch > epoch);
}

/**
 * Where the blob stands for uploads: open, unknown here (maybe registered but not yet seen), or
 * the error to answer with.
 * @throws BlobInvalidError, BlobExpiredError.
 */
export function registrationState(
  ctx: NodeContext,
  blobId: Uint8Array,
  epoch: number,
): 'open' | 'unknown' {
  const rec = ctx.store.getBlob(blobId);
  const text = blobIdToString(blobId);
  if (rec?.invalid) throw new BlobInvalidError(text);
  if (acceptsUploads(rec, epoch)) return 'open';
  if (rec !== undefined && isExpired(rec, epoch)) throw new BlobExpiredError(text);
  return 'unknown';
}

/**
 * Stores a blob's metadata (BCS `BlobMetadata`).
 * @throws InvalidBcsError / InvalidMetadataError (400), BlobNotRegisteredError (409),
 *   BlobExpiredError (410), BlobInvalidError (409), BufferFullError (429).
 */
export async function storeMetadata(
  ctx: NodeContext,
  blobId: Uint8Array,
  body: Uint8Array,
): Promise<UploadOutcome> {
  const metadata = metadataFromBcs(body);
  verifyMetadata(await loadHashEngine(), blobId, metadata);
  const committee = ctx.committee.require();
  if (metadata.hashes.length !== committee.nShards) {
    throw new InvalidMetadataError(
      `metadata has ${metadata.hashes.length} pairs; the system has ${committee.nShards} shards`,
    );
  }
  const state = registrationState(ctx, blobId, committee.epoch);
  if (state === 'unknown') {
    if (!(await registeredOnChainOnly(ctx, blobId, committee.epoch))) {
      throw new BlobNotRegisteredError(blobIdToString(blobId));
    }
    ctx.buffer.putMetadata(blobKey(blobId), body, metadata);
    ctx.metrics.bufferedBytes.set(ctx.buffer.size.bytes);
    return 'buffered';
  }
  if (ctx.store.hasMetadata(blobId)) return 'already-stored';
  await ctx.store.putMetadata(blobId, await metadataForStore(ctx, blobId, body, metadata));
  ctx.metrics.metadataStored.inc();
  ctx.log.debug(
    { blobId: blobIdToString(blobId), epoch: committee.epoch, mode: ctx.metadataMode },
    'metadata stored',
  );
  return 'stored';
}

/**
 * Stores one sliver (BCS `SliverData`) of pair `pairIndex`.
 * @throws IndexOutOfRangeError / InvalidBcsError / InvalidSliverError / SliverMismatchError (400),
 *   ShardNotAssignedError (421), BlobNotRegisteredError / MissingMetadataError (409),
 *   BlobExpiredError (410), BufferFullError (429).
 */
export async function storeSliver(
  ctx: NodeContext,
  blobId: Uint8Array,
  pairIndex: number,
  axis: Axis,
  body: Uint8Array,
): Promise<UploadOutcome> {
  const committee = ctx.committee.require();
  const n = committee.nShards;
  if (!Number.isInteger(pairIndex) || pairIndex < 0 || pairIndex >= n) {
    throw new IndexOutOfRangeError('sliver pair index', pairIndex, n);
  }
  const sliver = sliverFromBcs(body, axis);
  const shard = shardForPairIndex(pairIndex, blobId, n);
  if (!ctx.committee.holds(shard))
    throw new ShardNotAssignedError(pairIndex, shard, committee.epoch);
  const expectedIndex = sliverIndexOfPair(axis, pairIndex, n);
  const text = blobIdToString(blobId);
  const key = blobKey(blobId);

  const state = registrationState(ctx, blobId, committee.epoch);
  if (state === 'unknown') {
    const buffered = ctx.buffer.metadata(key);
    if (buffered === undefined) {
      // Without metadata the sliver cannot be checked, so it is not held either. The chain is
      // only asked about blobs whose metadata verified, so junk uploads cost it nothing.
      throw new BlobNotRegisteredError(text);
    }
    await verifySliverAgainstMetadata(buffered, axis, expectedIndex, sliver);
    ctx.buffer.putSliver(key, { shard, pairIndex, axis, bytes: body });
    ctx.metrics.bufferedBytes.set(ctx.buffer.size.bytes);
    return 'buffered';
  }
  const metadata: BlobMetadata | undefined = ctx.metadataCache.get(ctx.store, blobId)?.metadata;
  if (metadata === undefined) throw new MissingMetadataError(text);
  await verifySliverAgainstMetadata(metadata, axis, expectedIndex, sliver);
  if (ctx.store.hasSliver(shard, blobId, axis)) return 'already-stored';
  await ctx.store.putSliver(shard, blobId, axis, body);
  ctx.metrics.sliversStored.inc({ axis });
  ctx.metrics.sliverBytesStored.inc({ axis }, body.length);
  ctx.log.debug(
    { blobId: text, shard, pairIndex, axis, epoch: committee.epoch, bytes: body.length },
    'sliver stored',
  );
  return 'stored';
}

/**
 * The bytes to store for verified metadata: as received, or (compact mode, and this node keeps
 * none of pairs 0..f) the root plus this node's pairs with their paths.
 */
export async function metadataForStore(
  ctx: NodeContext,
  blobId: Uint8Array,
  body: Uint8Array,
  metadata: BlobMetadata,
): Promise<Uint8Array> {
  if (ctx.metadataMode === 'full') return body;
  const committee = ctx.committee.require();
  const n = committee.nShards;
  const pairs = committee.ownShards.map((s) => pairIndexForShard(s, blobId, n));
  if (pairs.some((p) => isMetadataKeeperPair(p, n))) return body;
  return encodeCompactForStore(await compactMetadataFor(blobId, metadata, pairs));
}

/** Writes whatever was buffered for a blob whose registration was just applied. */
export async function flushBuffered(ctx: NodeContext, blobId: Uint8Array): Promise<number> {
  const held = ctx.buffer.take(blobKey(blobId));
  ctx.metrics.bufferedBytes.set(ctx.buffer.size.bytes);
  if (held === undefined) return 0;
  let written = 0;
  if (held.metadata !== undefined && !ctx.store.hasMetadata(blobId)) {
    await ctx.store.putMetadata(
      blobId,
      await metadataForStore(ctx, blobId, held.metadata.bytes, held.metadata.parsed),
    );
    written++;
  }
  for (const s of held.slivers) {
    if (!ctx.committee.holds(s.shard)) continue;
    await ctx.store.putSliver(s.shard, blobId, s.axis, s.bytes);
    ctx.metrics.sliversStored.inc({ axis: s.axis });
    written++;
  }
  ctx.log.debug({ blobId: blobIdToString(blobId), written }, 'flushed pre-registration buffer');
  return written;
}

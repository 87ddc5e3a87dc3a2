/**
 * Batched sliver transfer (Floe's own routes beside Walrus's one-sliver ones): a client puts all
 * the slivers of a blob that this node's shards hold in one request, and a reader gets many
 * primary slivers in one. A batch is checked as a whole before anything is written: the same
 * checks as the single-sliver upload, in the same order, with the sliver hashes computed in one
 * batched pass; then every new sliver is committed in one transaction. One bad sliver refuses
 * the whole batch and nothing of it is stored.
 */
import { blobIdToString } from '../../encoding/blob-id.ts';
import { InvalidSliverError } from '../../encoding/errors.ts';
import type { BlobMetadata } from '../../encoding/metadata.ts';
import { shardForPairIndex } from '../../encoding/pairs.ts';
import { sliverBatchFromBcs, type BatchedSliver } from '../../encoding/sliver-batch.ts';
import type { Sliver } from '../../encoding/sliver.ts';
import { checkSliversAgainstMetadata, verifySliver } from '../../encoding/verify-sliver.ts';
import {
  BlobInvalidError,
  BlobNotRegisteredError,
  IndexOutOfRangeError,
  MissingMetadataError,
  ShardNotAssignedError,
  SliverMismatchError,
} from '../errors.ts';
import type { Axis } from '../store/node-store.ts';
import { blobKey, type NodeContext } from './context.ts';
import { sliverIndexOfPair } from './sliver-check.ts';
import { registrationState } from './uploads.ts';
import { checkNotChallenged } from '../challenge/read-pause.ts';

/**
 * Largest batched read reply, in sliver bytes: a request for every sliver of a huge blob must not
 * make the node build a reply of gigabytes. Floe's client asks for 4 MiB at a time.
 */
export const READ_BATCH_MAX_BYTES = 32 << 20;

/** What a batch upload did, per sliver. */
export interface BatchOutcome {
  stored: number;
  alreadyStored: number;
  buffered: number;
}

/** A batch element placed: its pair index and the shard that holds it. */
interface Placed extends BatchedSliver {
  pairIndex: number;
  shard: number;
}

/** The pair index of a sliver (primary p is pair p, secondary j is pair n-1-j). */
function pairOfSliver(sliver: Sliver, n: number): number {
  return sliverIndexOfPair(sliver.axis, sliver.index, n);
}

/**
 * Places every element on its pair and shard, refusing out-of-range indices, duplicates and
 * shards this node does not hold.
 */
function place(ctx: NodeContext, blobId: Uint8Array, batch: BatchedSliver[]): Placed[] {
  const committee = ctx.committee.require();
  const n = committee.nShards;
  const seen = new Set<string>();
  return batch.map((item) => {
    const { sliver } = item;
    if (sliver.index >= n) throw new IndexOutOfRangeError(`${sliver.axis} sliver`, sliver.index, n);
    const pairIndex = pairOfSliver(sliver, n);
    const key = `${pairIndex}/${sliver.axis}`;
    if (seen.has(key)) {
      throw new SliverMismatchError(
        `the batch holds the ${sliver.axis} sliver of pair ${pairIndex} twice`,
      );
    }
    seen.add(key);
    const shard = shardForPairIndex(pairIndex, blobId, n);
    if (!ctx.committee.holds(shard))
      throw new ShardNotAssignedError(pairIndex, shard, committee.epoch);
    return { ...item, pairIndex, shard };
  });
}

/**
 * Checks every sliver against `metadata` in one batched pass.
 * @throws InvalidSliverError naming the first sliver that does not match.
 */
async function verifyAll(metadata: BlobMetadata, placed: readonly Placed[]): Promise<void> {
  const ok = await checkSliversAgainstMetadata(
    metadata,
    placed.map((p) => p.sliver),
  );
  const bad = ok.indexOf(false);
  if (bad < 0) return;
  // The batched check only says no; the single check says why (shape or hash).
  await verifySliver(metadata, placed[bad].sliver);
  throw new InvalidSliverError(
    `${placed[bad].sliver.axis} sliver ${placed[bad].sliver.index} does not match the metadata`,
  );
}

/**
 * Stores a batch (BCS `vector<Sliver>`) of a blob's slivers. The blob must be registered (or its
 * metadata buffered while its registration is on the way, as for single slivers).
 * @throws InvalidBcsError / InvalidSliverError / SliverMismatchError / IndexOutOfRangeError (400),
 *   ShardNotAssignedError (421), BlobNotRegisteredError / MissingMetadataError / BlobInvalidError
 *   (409), BlobExpiredError (410), BufferFullError (429). Nothing is stored when it throws.
 */
export async function storeSliverBatch(
  ctx: NodeContext,
  blobId: Uint8Array,
  body: Uint8Array,
): Promise<BatchOutcome> {
  const committee = ctx.committee.require();
  const placed = place(ctx, blobId, sliverBatchFromBcs(body, 2 * committee.nShards));
  const text = blobIdToString(blobId);
  const state = registrationState(ctx, blobId, committee.epoch);
  const outcome: BatchOutcome = { stored: 0, alreadyStored: 0, buffered: 0 };
  if (placed.length === 0) return outcome;

  if (state === 'unknown') {
    const key = blobKey(blobId);
    const buffered = ctx.buffer.metadata(key);
    // Without metadata nothing can be checked, so nothing is held.
    if (buffered === undefined) throw new BlobNotRegisteredError(text);
    await verifyAll(buffered, placed);
    for (const p of placed) {
      // A copy, so that the buffer does not keep the whole request body alive.
      ctx.buffer.putSliver(key, {
        shard: p.shard,
        pairIndex: p.pairIndex,
        axis: p.sliver.axis,
        bytes: p.sliverData.slice(),
      });
      outcome.buffered++;
    }
    ctx.metrics.bufferedBytes.set(ctx.buffer.size.bytes);
    return outcome;
  }

  const metadata = ctx.metadataCache.get(ctx.store, blobId)?.metadata;
  if (metadata === undefined) throw new MissingMetadataError(text);
  await verifyAll(metadata, placed);
  const fresh = placed.filter((p) => !ctx.store.hasSliver(p.shard, blobId, p.sliver.axis));
  outcome.alreadyStored = placed.length - fresh.length;
  await ctx.store.putSlivers(
    blobId,
    fresh.map((p) => ({ shard: p.shard, axis: p.sliver.axis, bytes: p.sliverData })),
  );
  outcome.stored = fresh.length;
  for (const p of fresh) {
    ctx.metrics.sliversStored.inc({ axis: p.sliver.axis });
    ctx.metrics.sliverBytesStored.inc({ axis: p.sliver.axis }, p.sliverData.length);
  }
  ctx.log.debug({ blobId: text, epoch: committee.epoch, ...outcome }, 'sliver batch stored');
  return outcome;
}

/**
 * The stored `axis` slivers of the listed pairs (all pairs this node serves when `pairs` is
 * undefined), as (pair, BCS `SliverData`) in ascending pair order. Pairs this node does not serve
 * or has not stored are left out, and the reply ends before it would pass `maxBytes` of slivers:
 * the reader sees which came back.
 * @throws IndexOutOfRangeError (400) for a pair index outside 0..n-1; BlobInvalidError (409).
 */
export function readSliverBatch(
  ctx: NodeContext,
  blobId: Uint8Array,
  axis: Axis,
  pairs: readonly number[] | undefined,
  maxBytes = READ_BATCH_MAX_BYTES,
): { pairIndex: number; sliverData: Uint8Array }[] {
  checkNotChallenged(ctx, blobId);
  const committee = ctx.committee.require();
  const n = committee.nShards;
  if (ctx.store.getBlob(blobId)?.invalid) throw new BlobInvalidError(blobIdToString(blobId));
  const wanted =
    pairs ??
    Array.from({ length: n }, (_, p) => p).filter((p) =>
      ctx.committee.serves(shardForPairIndex(p, blobId, n)),
    );
  const out: { pairIndex: number; sliverData: Uint8Array }[] = [];
  let total = 0;
  const sorted = [...new Set(wanted)].sort((a, b) => a - b);
  for (const pairIndex of sorted) {
    if (!Number.isInteger(pairIndex) || pairIndex < 0 || pairIndex >= n) {
      throw new IndexOutOfRangeError('sliver pair index', pairIndex, n);
    }
  }
  for (const pairIndex of sorted) {
    const shard = shardForPairIndex(pairIndex, blobId, n);
    if (!ctx.committee.serves(shard)) continue;
    const bytes = ctx.store.getSliver(shard, blobId, axis);
    if (bytes === undefined) continue;
    // A reply stops before it would pass the bound (it holds at least one sliver): the reader
    // sees which pairs came and asks again for the rest.
    if (out.length > 0 && total + bytes.length > maxBytes) break;
    total += bytes.length;
    out.push({ pairIndex, sliverData: bytes });
  }
  return out;
}

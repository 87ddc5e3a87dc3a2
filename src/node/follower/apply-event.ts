/**
 * Applies one chain event to the node's state, together with the cursor that follows it, in one
 * durable transaction: after a crash the node resumes right after the last applied event and
 * never applies one twice. Side work that needs no atomicity (flushing the pre-registration
 * buffer, scheduling recovery) runs after the commit.
 */
import type { ChainEventEnvelope } from '../../chain/events.ts';
import { blobIdFromU256, blobIdToString } from '../../encoding/blob-id.ts';
import {
  applyCertified,
  applyDeleted,
  applyInvalid,
  applyRegistered,
  expire,
  isCertified,
  type EventRef,
} from '../blob-record.ts';
import {
  COMMITTEE_STATE_KEY,
  CURSOR_STATE_KEY,
  committeeViewFor,
  type CommitteeView,
} from '../committee-view.ts';
import { missingPairs } from '../service/confirm.ts';
import { blobKey, type NodeContext } from '../service/context.ts';
import { flushBuffered } from '../service/uploads.ts';

/** What the applier needs besides the context: the system's shard count (asked once). */
export interface ApplyDeps {
  nShards: () => Promise<number>;
  /** The committee with keys for an epoch, when the chain can tell (optional). */
  committeeKeys?: (epoch: number) => Promise<Map<string, Uint8Array> | undefined>;
}

function refOf(env: ChainEventEnvelope): EventRef {
  return { txDigest: env.txDigest, eventSeq: String(env.eventIndex) };
}

/**
 * Applies `env` and persists `env.cursor`.
 * @throws whatever the store throws; the watcher then delivers the same event again.
 */
export async function applyEvent(
  ctx: NodeContext,
  deps: ApplyDeps,
  env: ChainEventEnvelope,
): Promise<void> {
  const { event } = env;
  const ref = refOf(env);
  const epoch = ctx.committee.current?.epoch ?? 0;
  let newView: CommitteeView | undefined;
  let after: (() => Promise<void>) | undefined;
  let dropped: { blobId: Uint8Array; reason: string }[] = [];

  if (event.type === 'CommitteeSelected') {
    const keys = await deps.committeeKeys?.(event.data.epoch);
    const members = event.data.members.map((nodeId, i) => ({
      nodeId,
      shards: event.data.shards[i] ?? [],
      ...(keys?.get(nodeId) ? { publicKey: keys.get(nodeId)! } : {}),
    }));
    newView = committeeViewFor(
      ctx.nodeId,
      { epoch: event.data.epoch, nShards: await deps.nShards(), members },
      ctx.committee.current,
    );
    ctx.store.openShards([...newView.ownShards, ...newView.retiringShards]);
  }
  const current = ctx.committee.current;
  if (
    event.type === 'EpochChangeDone' &&
    current &&
    current.epoch === event.data.epoch &&
    current.retiringShards.length > 0
  ) {
    // The new owners hold these shards now. Dropped before the cursor moves, so a crash in
    // between only repeats the (idempotent) drop.
    for (const shard of current.retiringShards) await ctx.store.dropShard(shard);
    newView = { ...current, retiringShards: [] };
  }

  // Challenge rounds (src/node/challenge): persisted with the event, applied after the commit.
  const challengeStep = ctx.challenges?.onEvent(event);
  await ctx.store.transaction((tx) => {
    challengeStep?.persist(tx);
    switch (event.type) {
      case 'BlobRegistered': {
        const d = event.data;
        const blobId = blobIdFromU256(d.blobId);
        const fields = {
          epoch: d.epoch,
          size: Number(d.size),
          encodingType: d.encodingType,
          endEpoch: d.endEpoch,
          deletable: d.deletable,
          objectId: d.objectId,
        };
        tx.putBlob(blobId, applyRegistered(tx.getBlob(blobId), fields, ref));
        after = async () => void (await flushBuffered(ctx, blobId));
        break;
      }
      case 'BlobCertified': {
        const d = event.data;
        const blobId = blobIdFromU256(d.blobId);
        const rec = tx.getBlob(blobId);
        if (rec === undefined || rec.invalid) break;
        const next = applyCertified(rec, d, ref);
        tx.putBlob(blobId, next);
        after = async () => {
          if (
            ctx.recovery &&
            isCertified(next, d.epoch) &&
            ctx.committee.current &&
            missingPairs(ctx, blobId).length > 0
          ) {
            ctx.recovery.schedule(blobId);
          }
        };
        break;
      }
      case 'BlobDeleted': {
        const blobId = blobIdFromU256(event.data.blobId);
        const rec = tx.getBlob(blobId);
        if (rec === undefined) break;
        const next = applyDeleted(rec, event.data.objectId, ref);
        if (next === null) dropped.push({ blobId, reason: 'deleted' });
        else tx.putBlob(blobId, next);
        break;
      }
      case 'InvalidBlobID': {
        const blobId = blobIdFromU256(event.data.blobId);
        tx.putBlob(blobId, applyInvalid(tx.getBlob(blobId), event.data.epoch, ref));
        dropped.push({ blobId, reason: 'invalid' });
        break;
      }
      case 'EpochChangeStart': {
        // Registrations that ended before the new epoch are garbage.
        dropped = dropped.concat(expiredBlobs(ctx, event.data.epoch));
        break;
      }
      default:
        break;
    }
    for (const d of dropped) {
      if (event.type !== 'InvalidBlobID') tx.removeBlob(d.blobId);
      tx.removeMetadata(d.blobId);
      tx.removeSlivers(allShardsKnown(ctx, newView), d.blobId);
    }
    if (newView !== undefined) tx.putState(COMMITTEE_STATE_KEY, newView);
    tx.putState(CURSOR_STATE_KEY, env.cursor);
  });

  if (
    newView !== undefined &&
    (ctx.committee.current === undefined || newView.epoch >= ctx.committee.current.epoch)
  ) {
    const previous = ctx.committee.current;
    const gained = newView.ownShards.filter((s) => !(previous?.ownShards ?? []).includes(s));
    ctx.committee.set(newView);
    ctx.metrics.currentEpoch.set(newView.epoch);
    ctx.metrics.ownShards.set(newView.ownShards.length);
    ctx.log.info(
      {
        epoch: newView.epoch,
        shards: newView.ownShards.length,
        retiring: newView.retiringShards.length,
      },
      'committee applied',
    );
    // Shards new to this node come from their previous owners (shard sync), and whatever does
    // not arrive is rebuilt from peers' recovery symbols (section 6).
    if (gained.length > 0) {
      if (ctx.onShardsGained) ctx.onShardsGained(newView, previous, gained);
      else ctx.recovery?.scanStored?.();
    }
    ctx.onCommittee?.(newView);
  }
  for (const d of dropped) {
    ctx.metadataCache.forget(d.blobId);
    ctx.buffer.take(blobKey(d.blobId));
    ctx.metrics.blobsDropped.inc({ reason: d.reason });
    ctx.log.info(
      { blobId: blobIdToString(d.blobId), reason: d.reason, epoch },
      'blob data dropped',
    );
  }
  ctx.metrics.eventsApplied.inc({ type: event.type });
  const blobIdField =
    'blobId' in event.data && typeof event.data.blobId === 'bigint'
      ? { blobId: blobIdToString(blobIdFromU256(event.data.blobId)) }
      : {};
  ctx.log.debug(
    { event: event.type, epoch: ctx.committee.current?.epoch, cursor: env.cursor, ...blobIdField },
    'chain event applied',
  );
  challengeStep?.after();
  if (after) await after();
}

function expiredBlobs(ctx: NodeContext, epoch: number): { blobId: Uint8Array; reason: string }[] {
  const out: { blobId: Uint8Array; reason: string }[] = [];
  for (const { blobId, record } of ctx.store.blobRecords()) {
    if (
      record.invalid === null &&
      Object.keys(record.objects).length > 0 &&
      expire(record, epoch) === null
    ) {
      out.push({ blobId, reason: 'expired' });
    }
  }
  return out;
}

/** Every shard this node held or holds (data may sit in shards of the previous assignment). */
function allShardsKnown(ctx: NodeContext, next: CommitteeView | undefined): number[] {
  const set = new Set<number>(ctx.committee.current?.ownShards ?? []);
  for (const s of next?.ownShards ?? []) set.add(s);
  return [...set];
}

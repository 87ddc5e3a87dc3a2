/**
 * The new owner's side of a shard transfer (PROTOCOL.md section 6): for each shard this node
 * gained at an epoch change, it pages through the previous owner's slivers of both axes with
 * signed requests, checks every sliver against the blob's metadata, and stores it. Whatever the
 * previous owner does not deliver (it is down, answers garbage, or lost data) is then rebuilt
 * from all peers' recovery symbols by the recovery worker. No step waits on a timer.
 */
import { blobIdToString } from '../../encoding/blob-id.ts';
import { metadataToBcs, type BlobMetadata } from '../../encoding/metadata.ts';
import { pairIndexForShard } from '../../encoding/pairs.ts';
import { sliverToBcs, type SliverAxis } from '../../encoding/sliver.ts';
import type { Logger } from '../../util/log.ts';
import { isCertified } from '../blob-record.ts';
import type { CommitteeView } from '../committee-view.ts';
import type { Peer } from '../recovery/recover-sliver.ts';
import type { NodeContext } from '../service/context.ts';
import { sliverIndexOfPair, verifySliverAgainstMetadata } from '../service/sliver-check.ts';
import { metadataForStore } from '../service/uploads.ts';
import { nextBlobId } from './serve-sync.ts';
import { signedRequestToBcs, syncResponseFromBcs, syncShardMessage } from './sync-wire.ts';

export interface ShardMigratorOptions {
  fetch: typeof fetch;
  log: Logger;
  /** Where committee members listen (by node ID). */
  peers: (epoch: number) => Promise<Peer[]>;
  /** Full metadata of a blob, from peers, checked against its ID. */
  fullMetadata: (blobId: Uint8Array) => Promise<BlobMetadata>;
  /** Called when every gained shard was synced (or given up on): recovery takes the rest. */
  afterSync: () => void;
  pageSize?: number;
}

export class ShardMigrator {
  private running = 0;
  private current: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly ctx: NodeContext,
    private readonly opts: ShardMigratorOptions,
  ) {}

  /** Shard transfers in progress (the epoch-sync report waits for none). */
  get pending(): number {
    return this.running;
  }

  /** Starts pulling `gained` shards of `view.epoch` from their owners in `previous`. */
  onShardsGained(view: CommitteeView, previous: CommitteeView | undefined, gained: number[]): void {
    if (this.stopped) return;
    this.running++;
    this.current = this.current
      .then(() => this.syncAll(view, previous, gained))
      .catch((err) =>
        this.opts.log.warn({ err, epoch: view.epoch }, 'shard sync failed; recovery takes over'),
      )
      .finally(() => {
        this.running--;
        if (!this.stopped) this.opts.afterSync();
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.current;
  }

  private async syncAll(
    view: CommitteeView,
    previous: CommitteeView | undefined,
    gained: number[],
  ): Promise<void> {
    if (previous === undefined) return;
    const peers = await this.opts.peers(view.epoch);
    for (const shard of gained) {
      const owner = previous.members.find(
        (m) => m.shards.includes(shard) && m.nodeId !== this.ctx.nodeId,
      );
      const peer = owner && peers.find((p) => p.nodeId === owner.nodeId);
      if (peer === undefined) continue;
      for (const axis of ['primary', 'secondary'] as const) {
        if (this.stopped || this.ctx.committee.current?.epoch !== view.epoch) return;
        try {
          const n = await this.syncShardAxis(view, shard, axis, peer);
          this.opts.log.info(
            { shard, axis, slivers: n, from: peer.nodeId, epoch: view.epoch },
            'shard synced from its previous owner',
          );
        } catch (err) {
          this.opts.log.warn(
            { err, shard, axis, from: peer.nodeId, epoch: view.epoch },
            'shard sync from the previous owner failed',
          );
        }
      }
    }
  }

  /** Pages through one axis of one shard; returns the number of slivers stored. */
  private async syncShardAxis(
    view: CommitteeView,
    shard: number,
    axis: SliverAxis,
    peer: Peer,
  ): Promise<number> {
    const pageSize = this.opts.pageSize ?? 256;
    const n = view.nShards;
    let start: Uint8Array | undefined = new Uint8Array(32);
    let stored = 0;
    while (start !== undefined) {
      const message = syncShardMessage({
        shardIndex: shard,
        axis,
        startingBlobId: start,
        sliverCount: pageSize,
        epoch: view.epoch,
      });
      const body = signedRequestToBcs(message, this.ctx.signer.sign(message));
      const res = await this.opts.fetch(`${peer.url}/v1/migrate/sync_shard`, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/octet-stream',
          authorization: Buffer.from(this.ctx.signer.publicKey).toString('base64'),
        },
        signal: AbortSignal.timeout(30_000),
      });
      const bytes = new Uint8Array(await res.arrayBuffer());
      if (!res.ok) throw new Error(`sync_shard answered ${res.status}`);
      const entries = syncResponseFromBcs(bytes);
      for (const { blobId, sliver } of entries) {
        if (
          !isCertified(this.ctx.store.getBlob(blobId), view.epoch) ||
          this.ctx.store.hasSliver(shard, blobId, axis)
        )
          continue;
        const pair = pairIndexForShard(shard, blobId, n);
        const metadata = await this.metadataFor(blobId);
        // A sliver that fails its check is skipped: recovery rebuilds it from honest peers.
        try {
          await verifySliverAgainstMetadata(
            metadata,
            axis,
            sliverIndexOfPair(axis, pair, n),
            sliver,
          );
        } catch (err) {
          this.opts.log.warn(
            { err, blobId: blobIdToString(blobId), shard, axis },
            'previous owner sent a bad sliver',
          );
          continue;
        }
        await this.ctx.store.putSliver(shard, blobId, axis, sliverToBcs(sliver));
        this.ctx.metrics.syncedSlivers.inc({ axis });
        stored++;
      }
      start =
        entries.length < pageSize ? undefined : nextBlobId(entries[entries.length - 1].blobId);
    }
    return stored;
  }

  /** Metadata that covers the gained pairs: the stored full form, else fetched and stored. */
  private async metadataFor(blobId: Uint8Array): Promise<BlobMetadata> {
    const local = this.ctx.metadataCache.get(this.ctx.store, blobId);
    if (local?.full) return local.metadata;
    const metadata = await this.opts.fullMetadata(blobId);
    if (local === undefined) {
      await this.ctx.store.putMetadata(
        blobId,
        await metadataForStore(this.ctx, blobId, metadataToBcs(metadata), metadata),
      );
    }
    return metadata;
  }
}

/**
 * Background recovery: after a blob is certified, every sliver this node should hold but lacks is
 * rebuilt from other nodes' recovery symbols (PROTOCOL.md section 3). Work runs off the request
 * path with bounded concurrency; a failed attempt is retried with exponential backoff, without
 * end (no deadlines: a peer that is slow now may answer later), until the sliver is stored or the
 * blob is no longer certified here.
 */
import { blobIdToString } from '../../encoding/blob-id.ts';
import type { Logger } from '../../util/log.ts';
import { isCertified } from '../blob-record.ts';
import { missingPairs } from '../service/confirm.ts';
import { blobKey, type NodeContext, type RecoveryScheduler } from '../service/context.ts';
import { metadataForStore } from '../service/uploads.ts';
import type { InconsistencyProof } from '../../encoding/inconsistency.ts';
import { fetchVerifiedMetadata, recoverSliverFromPeers, type Peer } from './recover-sliver.ts';
import { unrefTimer, type SetTimer } from '../timer.ts';

export interface RecoveryWorkerOptions {
  concurrency: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  fetch: typeof fetch;
  log: Logger;
  /** Other committee members of an epoch and where they listen. */
  peers: (epoch: number) => Promise<Peer[]>;
  /** Called once when a rebuilt sliver proves the blob inconsistent (the job then ends). */
  onInconsistent?: (blobId: Uint8Array, proof: InconsistencyProof, peers: Peer[]) => Promise<void>;
  /** Timer (injected for tests); default setTimeout, unref'd. */
  setTimer?: SetTimer;
}

interface Job {
  blobId: Uint8Array;
  attempt: number;
}

export class RecoveryWorker implements RecoveryScheduler {
  private readonly queued = new Map<string, Job>();
  private readonly ready: Job[] = [];
  private readonly timers = new Set<{ cancel(): void }>();
  private running = 0;
  private active = new Set<Promise<void>>();
  private started = false;
  private stopped = false;
  private readonly setTimer: SetTimer;

  constructor(
    private readonly ctx: NodeContext,
    private readonly opts: RecoveryWorkerOptions,
  ) {
    this.setTimer = opts.setTimer ?? unrefTimer;
  }

  /** Jobs waiting or running (for metrics and tests). */
  get pending(): number {
    return this.queued.size;
  }

  start(): void {
    this.started = true;
    this.pump();
  }

  /** Queues every certified blob that lacks slivers here (after a restart or a shard change). */
  scanStored(): void {
    const committee = this.ctx.committee.current;
    if (committee === undefined) return;
    for (const { blobId, record } of this.ctx.store.blobRecords()) {
      if (isCertified(record, committee.epoch) && missingPairs(this.ctx, blobId).length > 0)
        this.schedule(blobId);
    }
  }

  schedule(blobId: Uint8Array): void {
    if (this.stopped) return;
    const key = blobKey(blobId);
    if (this.queued.has(key)) return;
    const job = { blobId, attempt: 0 };
    this.queued.set(key, job);
    this.ready.push(job);
    this.ctx.metrics.recoveryPending.set(this.queued.size);
    this.pump();
  }

  /** Stops taking work and waits for running attempts. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) t.cancel();
    this.timers.clear();
    await Promise.all([...this.active]);
  }

  private pump(): void {
    while (
      this.started &&
      !this.stopped &&
      this.running < this.opts.concurrency &&
      this.ready.length > 0
    ) {
      const job = this.ready.shift()!;
      this.running++;
      const run = this.attempt(job).finally(() => {
        this.running--;
        this.active.delete(run);
        this.pump();
      });
      this.active.add(run);
    }
  }

  private async attempt(job: Job): Promise<void> {
    const key = blobKey(job.blobId);
    const blobIdText = blobIdToString(job.blobId);
    const committee = this.ctx.committee.current;
    const log = this.opts.log.child({ blobId: blobIdText, epoch: committee?.epoch });
    try {
      const rec = this.ctx.store.getBlob(job.blobId);
      if (committee === undefined || !isCertified(rec, committee.epoch)) {
        this.finish(key);
        return;
      }
      const missing = missingPairs(this.ctx, job.blobId);
      if (missing.length === 0 && this.ctx.store.hasMetadata(job.blobId)) {
        this.finish(key);
        return;
      }
      const peers = await this.opts.peers(committee.epoch);
      const metadata = await this.ensureMetadata(job.blobId, peers);
      for (const m of missing) {
        for (const axis of m.axes) {
          if (this.stopped) return;
          const outcome = await recoverSliverFromPeers({
            blobId: job.blobId,
            metadata,
            pairIndex: m.pairIndex,
            axis,
            peers,
            fetch: this.opts.fetch,
            log,
          });
          if (outcome.kind === 'inconsistent') {
            await this.opts.onInconsistent?.(job.blobId, outcome.proof, peers);
            this.finish(key);
            return;
          }
          await this.ctx.store.putSliver(m.shard, job.blobId, axis, outcome.bytes);
          this.ctx.metrics.recoveredSlivers.inc({ axis });
          log.info({ shard: m.shard, pairIndex: m.pairIndex, axis }, 'sliver recovered');
        }
      }
      this.finish(key);
    } catch (err) {
      if (this.stopped) return;
      job.attempt++;
      this.ctx.metrics.recoveryFailures.inc();
      const delay = Math.min(
        this.opts.maxBackoffMs,
        this.opts.initialBackoffMs * 2 ** Math.min(job.attempt - 1, 30),
      );
      log.warn({ err, attempt: job.attempt, retryInMs: delay }, 'recovery attempt failed');
      const timer = this.setTimer(() => {
        this.timers.delete(timer);
        this.ready.push(job);
        this.pump();
      }, delay);
      this.timers.add(timer);
    }
  }

  private async ensureMetadata(blobId: Uint8Array, peers: Peer[]) {
    const local = this.ctx.metadataCache.get(this.ctx.store, blobId);
    // Recovery checks helpers' symbols against their hashes, so it needs every pair's hash.
    if (local?.full) return local.metadata;
    const { metadata, bytes } = await fetchVerifiedMetadata(blobId, peers, this.opts.fetch);
    if (local === undefined)
      await this.ctx.store.putMetadata(
        blobId,
        await metadataForStore(this.ctx, blobId, bytes, metadata),
      );
    return metadata;
  }

  private finish(key: string): void {
    this.queued.delete(key);
    this.ctx.metrics.recoveryPending.set(this.queued.size);
  }
}

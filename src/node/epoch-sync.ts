/**
 * Reporting `epoch_sync_done` (PROTOCOL.md section 6): once a new committee includes this node
 * and the node holds every shard it was given (nothing left for recovery to rebuild), it tells
 * the chain, once per epoch. When quorum weight has reported, the chain emits `EpochChangeDone`.
 * No timer decides anything: the check simply repeats until it holds.
 */
import { MoveAbortError } from '../chain/errors.ts';
import type { Logger } from '../util/log.ts';
import type { CommitteeView } from './committee-view.ts';
import type { NodeChain, NodeContext } from './service/context.ts';
import { unrefTimer, type SetTimer } from './timer.ts';

export const SYNC_DONE_STATE_KEY = 'epochSyncDone';

export interface EpochSyncOptions {
  capId: string;
  /** Slivers still waiting for recovery. */
  pendingRecovery: () => number;
  log: Logger;
  /** How often to look again while recovery runs (default 500 ms). */
  recheckMs?: number;
  setTimer?: SetTimer;
}

export class EpochSyncReporter {
  private timer: { cancel(): void } | undefined;
  private stopped = false;
  private running: Promise<void> = Promise.resolve();
  private readonly setTimer: SetTimer;

  constructor(
    private readonly ctx: NodeContext,
    private readonly chain: NodeChain,
    private readonly opts: EpochSyncOptions,
  ) {
    this.setTimer = opts.setTimer ?? unrefTimer;
  }

  /** A committee view was applied (or restored at start). */
  onCommittee(view: CommitteeView): void {
    if (this.stopped || view.ownShards.length === 0) return;
    if ((this.ctx.store.getState<number>(SYNC_DONE_STATE_KEY) ?? -1) >= view.epoch) return;
    this.schedule(view.epoch, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    await this.running;
  }

  private schedule(epoch: number, ms: number): void {
    this.timer?.cancel();
    this.timer = this.setTimer(() => {
      this.running = this.attempt(epoch);
    }, ms);
  }

  private async attempt(epoch: number): Promise<void> {
    if (this.stopped || this.ctx.committee.current?.epoch !== epoch) return;
    const log = this.opts.log.child({ epoch });
    const recheck = this.opts.recheckMs ?? 500;
    if (this.opts.pendingRecovery() > 0) {
      this.schedule(epoch, recheck);
      return;
    }
    try {
      const state = await this.chain.getEpochState();
      if (state.kind === 'Syncing') {
        await this.chain.epochSyncDone({ capId: this.opts.capId, epoch });
        log.info('reported epoch_sync_done');
      }
      await this.ctx.store.putState(SYNC_DONE_STATE_KEY, epoch);
    } catch (err) {
      if (err instanceof MoveAbortError) {
        // Already reported, or the change is over, or the epoch moved on: nothing left to do.
        log.info({ err }, 'epoch_sync_done not accepted');
        await this.ctx.store.putState(SYNC_DONE_STATE_KEY, epoch);
        return;
      }
      log.warn({ err }, 'could not report epoch_sync_done; will retry');
      this.schedule(epoch, recheck * 4);
    }
  }
}

/**
 * Opening challenge rounds (PROTOCOL.md section 7). `open_challenge_round` is permissionless once
 * the previous round closed and `challenge_interval_ms` passed since it opened; nothing else
 * calls it, so a node whose config sets `challenges.openRounds` looks at the chain now and then
 * and asks for a round when one looks due. The timer only decides when to look; the chain
 * decides whether a round opens. Several nodes may race: the losers' calls abort with one of the
 * expected codes below, which is logged at debug and otherwise ignored.
 */
import { notDueReasonOf } from '../../chain/challenge-aborts.ts';
import type { MoveAbortError } from '../../chain/errors.ts';
import type { ChainClient, ChallengeRound, SystemState } from '../../chain/types.ts';
import type { Logger } from '../../util/log.ts';
import { unrefTimer, type SetTimer } from '../timer.ts';

export type OpenerChain = Pick<
  ChainClient,
  'getSystemState' | 'getChallengeRound' | 'openChallengeRound'
>;

/** Longest wait between two looks at the chain, ms. */
export const MAX_CHECK_MS = 60_000;
/** Shortest wait between two looks (a tiny interval must not make a busy loop), ms. */
export const MIN_CHECK_MS = 10;

/** Why no round is due, or that one is. */
export type RoundDue =
  | { due: true }
  | { due: false; reason: 'epoch-change' | 'round-open' }
  | { due: false; reason: 'too-early'; fromMs: bigint };

/**
 * Whether a new round looks due from the system state and the latest round, by the clock `nowMs`.
 * Mirrors `open_challenge_round`'s checks except the committee one (the chain has the last word
 * in any case: a clock that disagrees with the chain's only costs a refused call).
 */
export function roundDue(
  state: Pick<SystemState, 'latestRound' | 'lastRoundOpenedMs' | 'params' | 'epochState'>,
  latest: Pick<ChallengeRound, 'closed'> | null,
  nowMs: number,
): RoundDue {
  if (state.epochState.kind !== 'Done') return { due: false, reason: 'epoch-change' };
  if (state.latestRound === null) return { due: true };
  if (latest !== null && !latest.closed) return { due: false, reason: 'round-open' };
  const fromMs = state.lastRoundOpenedMs + state.params.challengeIntervalMs;
  if (BigInt(Math.floor(nowMs)) < fromMs) return { due: false, reason: 'too-early', fromMs };
  return { due: true };
}

/** True for the aborts a lost race or a not-yet-due round produce. */
export function isExpectedOpenAbort(err: unknown): boolean {
  return notDueReasonOf(err) !== undefined;
}

/** The wait before the next look: min(interval / 4, 60 s), times a jitter in [0.5, 1.5). */
export function checkDelayMs(intervalMs: bigint, random: () => number): number {
  const base = Math.max(MIN_CHECK_MS, Math.min(Number(intervalMs) / 4, MAX_CHECK_MS));
  return Math.round(base * (0.5 + random()));
}

export interface RoundOpenerOptions {
  chain: OpenerChain;
  log: Logger;
  /** Wall clock, ms since the epoch (compared with the chain's timestamps). Default Date.now. */
  now?: () => number;
  /** Uniform in [0, 1), for the jitter. Default Math.random. */
  random?: () => number;
  setTimer?: SetTimer;
}

/** What one look at the chain did. */
export type OpenAttempt =
  | { kind: 'opened'; round: bigint }
  | { kind: 'not-due'; why: RoundDue }
  | { kind: 'lost'; abort: string }
  | { kind: 'failed'; err: unknown };

/** The loop: `start()` schedules looks at the chain, `stop()` ends it. */
export class RoundOpener {
  private readonly setTimer: SetTimer;
  private readonly now: () => number;
  private readonly random: () => number;
  private timer: { cancel(): void } | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  /** The interval the chain last reported (paces the looks). */
  private intervalMs = BigInt(MAX_CHECK_MS * 4);

  constructor(private readonly opts: RoundOpenerOptions) {
    this.setTimer = opts.setTimer ?? unrefTimer;
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
  }

  /** Looks at the chain at once, then after every delay. Idempotent. */
  start(): void {
    if (this.stopped || this.timer !== undefined || this.running !== undefined) return;
    this.schedule(0);
  }

  /** Stops the loop; resolves once no call to the chain is under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
    await this.running;
  }

  /**
   * One look: reads the system state and the latest round and, when a round looks due, asks
   * the chain to open one. Never throws: failures come back as `failed` (and are logged).
   */
  async tryOpen(): Promise<OpenAttempt> {
    const log = this.opts.log;
    try {
      const state = await this.opts.chain.getSystemState();
      this.intervalMs = state.params.challengeIntervalMs;
      const latest =
        state.latestRound === null
          ? null
          : await this.opts.chain.getChallengeRound(state.latestRound);
      const why = roundDue(state, latest, this.now());
      if (!why.due) return { kind: 'not-due', why };
      const { round } = await this.opts.chain.openChallengeRound();
      log.info({ round: round.toString() }, 'opened a challenge round');
      return { kind: 'opened', round };
    } catch (err) {
      if (isExpectedOpenAbort(err)) {
        const abort = (err as MoveAbortError).constantName!;
        log.debug({ abort }, 'challenge round not opened (another node was first, or not due)');
        return { kind: 'lost', abort };
      }
      log.warn({ err }, 'could not open a challenge round');
      return { kind: 'failed', err };
    }
  }

  private schedule(ms: number): void {
    this.timer = this.setTimer(() => {
      this.timer = undefined;
      if (this.stopped) return;
      this.running = this.tryOpen().then(() => {
        this.running = undefined;
        if (!this.stopped) this.schedule(checkDelayMs(this.intervalMs, this.random));
      });
    }, ms);
  }
}

/**
 * Epochs on a local network. On Sui anyone may call `initiate_epoch_change` once the epoch has
 * lasted `epoch_duration_ms` (staking/epoch.move) and the previous change is done; nothing on a
 * local network calls it unless asked. Two ways to ask:
 *
 * - by hand, `floe localnet epoch --dir DIR`: `advanceEpoch` below;
 * - the epoch driver of `floe localnet up --epoch-duration D`: `startEpochDriver` below calls
 *   the chain once an epoch has lasted D.
 *
 * The network's `epoch_duration_ms` follows the mode (`applyEpochDuration`): D with the driver,
 * 1 ms without it ("manual epochs": no minimum, epochs change only when `localnet epoch` runs).
 * The driver's timer only decides WHEN to call; the chain checks the rules and a refused call is
 * simply tried again later. Nodes then move shards and report `epoch_sync_done`; the next change
 * can start only once quorum weight reported.
 */
import { MoveAbortError } from '../chain/errors.ts';
import type { EmbeddedChainClient } from '../chain/embedded/client.ts';
import type { ChainClient } from '../chain/types.ts';
import { FloeError, RetryableError } from '../util/errors.ts';
import type { Logger } from '../util/log.ts';
import { connectLocalChain, type LocalAccount } from './chain-process.ts';
import { readJsonFile } from './files.ts';
import { localnetPaths, readRecord, writeRecord } from './state.ts';

/** The chain's minimum epoch length in manual mode: any time is late enough. */
export const MANUAL_EPOCH_MS = 1n;

/** The current epoch has not lasted the network's epoch duration yet (driver mode). */
export class EpochNotOverError extends FloeError {
  constructor(epoch: number, remainingMs: bigint, options?: { cause?: unknown }) {
    super(
      'EPOCH_NOT_OVER',
      `epoch ${epoch} is not over yet (${remainingMs} ms left of the network's epoch duration)`,
      options,
    );
  }
}

/** The previous epoch change did not finish (nodes still syncing) within the wait. */
export class EpochChangeInProgressError extends RetryableError {
  constructor(epoch: number, waitedMs: number, options?: { cause?: unknown }) {
    super(
      'EPOCH_CHANGE_IN_PROGRESS',
      `the change to epoch ${epoch} is still in progress after ${waitedMs} ms (nodes syncing)`,
      options,
    );
  }
}

export interface EpochWaitOptions {
  /** Longest wait for a change in progress to finish, ms. Default 30 s. */
  timeoutMs?: number;
  /** Poll interval, ms. Default 100. */
  pollMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Waits until no epoch change is in progress, and returns the epoch.
 * @throws EpochChangeInProgressError when it is still in progress after `timeoutMs`.
 */
export async function waitEpochChangeDone(
  chain: ChainClient,
  opts: EpochWaitOptions = {},
): Promise<number> {
  const timeout = opts.timeoutMs ?? 30_000;
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? defaultSleep;
  const start = now();
  for (;;) {
    const s = await chain.getSystemState();
    if (s.epochState.kind === 'Done') return s.epoch;
    if (now() - start >= timeout) throw new EpochChangeInProgressError(s.epoch, now() - start);
    await sleep(opts.pollMs ?? 100);
  }
}

/**
 * Advances the network by one epoch: waits for a change in progress to finish, then calls
 * `initiate_epoch_change`; with `waitDone`, also waits until the nodes finished the new change.
 * @throws EpochNotOverError when the chain refuses because the epoch is not over (driver mode);
 *   EpochChangeInProgressError on a timeout, or when another caller started a change between
 *   the wait and the call; other chain errors as thrown.
 */
export async function advanceEpoch(
  chain: ChainClient,
  opts: EpochWaitOptions & { waitDone?: boolean } = {},
): Promise<{ previous: number; epoch: number; done: boolean }> {
  const now = opts.now ?? Date.now;
  const start = now();
  const previous = await waitEpochChangeDone(chain, opts);
  try {
    await chain.initiateEpochChange();
  } catch (err) {
    if (!(err instanceof MoveAbortError && err.module === 'epoch')) throw err;
    const s = await chain.getSystemState();
    if (err.constantName === 'EEpochNotOver') {
      const left = s.epochStartMs + s.params.epochDurationMs - BigInt(now());
      throw new EpochNotOverError(s.epoch, left > 0n ? left : 0n, { cause: err });
    }
    // Another caller (the driver, a second `localnet epoch`) started a change after the wait.
    if (err.constantName === 'EChangeInProgress')
      throw new EpochChangeInProgressError(s.epoch, now() - start, { cause: err });
    throw err;
  }
  const epoch = previous + 1;
  if (opts.waitDone) await waitEpochChangeDone(chain, opts);
  return { previous, epoch, done: opts.waitDone === true };
}

/**
 * Sets the local chain's `epoch_duration_ms` (as its admin: the loopback chain trusts the sender
 * it is told) to `durationMs`, or to `MANUAL_EPOCH_MS` when `null`. No transaction when it is
 * already so.
 */
export async function applyEpochDuration(
  chain: EmbeddedChainClient,
  durationMs: bigint | null,
): Promise<void> {
  const wanted = durationMs ?? MANUAL_EPOCH_MS;
  const params = await chain.getParams();
  if (params.epochDurationMs === wanted) return;
  const { admin, adminCapId } = await chain.getChainInfo();
  await chain.as(admin).setParams({ adminCapId, params: { ...params, epochDurationMs: wanted } });
}

/**
 * Sets the local chain's `challenge_interval_ms` (as its admin, like `applyEpochDuration`): the
 * least time between the openings of two challenge rounds. No transaction when it is already so.
 */
export async function applyChallengeInterval(
  chain: EmbeddedChainClient,
  intervalMs: bigint,
): Promise<void> {
  const params = await chain.getParams();
  if (params.challengeIntervalMs === intervalMs) return;
  const { admin, adminCapId } = await chain.getChainInfo();
  await chain
    .as(admin)
    .setParams({ adminCapId, params: { ...params, challengeIntervalMs: intervalMs } });
}

export interface EpochDriverOptions {
  chain: ChainClient;
  /** The epoch length, ms (what the chain's `epoch_duration_ms` is set to). */
  durationMs: bigint;
  log: Logger;
  /** Called after each epoch change the driver started. */
  onEpoch?: (epoch: number) => void;
  /** How often to look at the chain, ms. Default: a quarter of the duration, 50..1000. */
  tickMs?: number;
  now?: () => number;
}

/** A running driver; `stop()` resolves once no call to the chain is under way. */
export interface EpochDriver {
  stop(): Promise<void>;
}

/**
 * Calls `initiate_epoch_change` each time the chain's epoch has lasted `durationMs` and no change
 * is in progress. Failures are logged and the next tick tries again; it never throws.
 */
export function startEpochDriver(opts: EpochDriverOptions): EpochDriver {
  if (typeof opts.durationMs !== 'bigint' || opts.durationMs < 1n)
    throw new RangeError(`durationMs must be a positive bigint, got ${opts.durationMs}`);
  const tick = opts.tickMs ?? Math.min(1000, Math.max(50, Number(opts.durationMs / 4n)));
  const now = opts.now ?? Date.now;
  const log = opts.log.child({ component: 'epoch-driver' });
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const step = async (): Promise<void> => {
    try {
      const s = await opts.chain.getSystemState();
      if (s.epochState.kind !== 'Done') return;
      if (BigInt(now()) < s.epochStartMs + opts.durationMs) return;
      await opts.chain.initiateEpochChange();
      log.info({ epoch: s.epoch + 1 }, 'epoch change started');
      opts.onEpoch?.(s.epoch + 1);
    } catch (err) {
      // The chain decides: a refused call (not over by its clock, change in progress) is retried.
      if (err instanceof MoveAbortError) log.debug({ err }, 'epoch change refused; will retry');
      else log.warn({ err }, 'epoch change failed; will retry');
    }
  };
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = step().finally(schedule);
    }, tick);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/**
 * `floe localnet epoch --dir DIR`: advances the running network in `dir` by one epoch (see
 * `advanceEpoch`) and records the chain's epoch, also when it fails after the change started.
 * @throws LocalnetNotFoundError; EpochNotOverError; EpochChangeInProgressError; chain errors
 *   (ChainUnavailableError when the network is down).
 */
export async function advanceLocalnetEpoch(
  dir: string,
  log: Logger,
  opts: EpochWaitOptions & { waitDone?: boolean } = {},
): Promise<{ dir: string; previous: number; epoch: number; done: boolean }> {
  const record = await readRecord(dir);
  const operator = (await readJsonFile<LocalAccount>(localnetPaths(dir).operator)).address;
  const chain = await connectLocalChain(record.chain.url, operator, log);
  try {
    let advanced;
    try {
      advanced = await advanceEpoch(chain.client, opts);
    } catch (err) {
      // The change may have started before the failure (the wait for the nodes timed out): the
      // record follows the chain all the same.
      await recordEpoch(dir, chain.client).catch((e: unknown) =>
        log.warn({ err: e }, 'could not record the epoch'),
      );
      throw err;
    }
    await recordEpoch(dir, chain.client);
    return { dir: record.dir, ...advanced };
  } finally {
    await chain.close();
  }
}

/**
 * Rewrites `DIR/localnet.json` with the chain's current epoch and each node's shards in its
 * committee (rotation moves some every epoch); a node outside the committee has none.
 */
export async function recordEpoch(dir: string, chain: ChainClient): Promise<void> {
  const committee = await chain.getCommittee();
  if (committee === null) return;
  const shards = new Map(committee.members.map((m) => [m.nodeId, m.shards]));
  const current = await readRecord(dir);
  if (current.epoch > committee.epoch) return; // a later change was recorded already
  await writeRecord({
    ...current,
    epoch: committee.epoch,
    nodes: current.nodes.map((n) => ({ ...n, shards: shards.get(n.nodeId) ?? [] })),
  });
}

/**
 * The embedded chain: the Move package's state machine run in process. Each write is one
 * transaction executed on a clone of the state, committed (logged, fsynced, events published)
 * only if it did not abort, so a failed transaction changes nothing. Clock and randomness are
 * injected; each transaction's clock reading and random seed are logged, so reopening the
 * directory replays to the identical state and events.
 */
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { silentLogger, type Logger } from '../../util/log.ts';
import type { ChainEvent, ChainEventEnvelope, ChainEventType } from '../events.ts';
import { normalizeId, type Address } from '../ids.ts';
import type { SystemParams } from '../types.ts';
import { KeyCache } from './bls-aggregate.ts';
import type { Env } from './env.ts';
import { genesisState } from './genesis.ts';
import { ARG_SPECS, OPS, type WriteMethod } from './ops.ts';
import { checkArgs } from './arg-check.ts';
import type { ChainState } from './state.ts';
import { ChainStore, ChainStoreCorruptError, type TxRecord } from './store.ts';
import { CowMap, CowSet } from './cow.ts';
import { TxContext, txDigest } from './tx-context.ts';

export interface EmbeddedChainOptions {
  /** Directory to persist to; absent = in memory only. */
  dir?: string;
  /** Parameters of a new chain (ignored when the directory already holds one). */
  params: SystemParams;
  /** The AdminCap's owner of a new chain. */
  admin: Address;
  /** Milliseconds since the epoch; default `Date.now`. */
  clock?: () => number | bigint;
  /** Random bytes for seeds and the chain ID; default node:crypto. */
  randomBytes?: (n: number) => Uint8Array;
  log?: Logger;
  /** Write a state snapshot every this many transactions (default 256) and on close. */
  snapshotEvery?: number;
}

/** Events looked at in one scan: most events a page looks at, filtered or not. */
const SCAN_LIMIT = 4096;

/** A page of events and the cursor of the last event looked at. */
export interface EventPage {
  events: ChainEventEnvelope[];
  scannedTo: string | null;
}

export interface ExecuteResult {
  digest: string;
  events: ChainEventEnvelope[];
  result: unknown;
}

export class EmbeddedChain {
  private state: ChainState;
  private readonly events: ChainEventEnvelope[] = [];
  private readonly keys = new KeyCache();
  private readonly waiters = new Set<() => void>();
  private sinceSnapshot = 0;
  private closed = false;

  private constructor(
    private readonly store: ChainStore | undefined,
    private readonly chainId: Uint8Array,
    state: ChainState,
    private readonly clock: () => bigint,
    private readonly randomBytes: (n: number) => Uint8Array,
    private readonly log: Logger,
    private readonly snapshotEvery: number,
  ) {
    this.state = state;
  }

  /**
   * Opens (or creates) a chain. With `dir`, replays the log after the last snapshot.
   * @throws ChainStoreCorruptError if the log cannot be read or replays differently.
   */
  static open(opts: EmbeddedChainOptions): EmbeddedChain {
    const clock = (): bigint => BigInt(opts.clock ? opts.clock() : Date.now());
    const randomBytes = opts.randomBytes ?? ((n: number) => new Uint8Array(nodeRandomBytes(n)));
    const log = opts.log ?? silentLogger;
    const store = opts.dir === undefined ? undefined : ChainStore.open(opts.dir);
    let genesis = store?.readGenesis();
    if (genesis === undefined) {
      genesis = {
        chainId: randomBytes(32),
        genesisMs: clock(),
        params: opts.params,
        admin: normalizeId(opts.admin),
      };
      store?.writeGenesis(genesis);
    }
    const fresh = (): ChainState =>
      genesisState(
        genesis.chainId,
        genesis.params as SystemParams,
        genesis.admin as Address,
        genesis.genesisMs,
      );
    const records = store?.readLog() ?? [];
    const snapshot = store?.readSnapshot();
    const chain = new EmbeddedChain(
      store,
      genesis.chainId,
      snapshot ?? fresh(),
      clock,
      randomBytes,
      log,
      opts.snapshotEvery ?? 256,
    );
    chain.replay(records);
    log.info({ txs: records.length, epoch: chain.state.epoch }, 'embedded chain open');
    return chain;
  }

  /** The committed state (do not mutate). */
  get current(): Readonly<ChainState> {
    return this.state;
  }

  /** Every event so far, in order. */
  get allEvents(): readonly ChainEventEnvelope[] {
    return this.events;
  }

  /**
   * Runs `method` as one transaction from `sender`.
   * @throws MoveAbortError, TransactionRejectedError, ObjectNotFoundError, InsufficientFundsError;
   *   nothing is changed then.
   */
  execute(sender: Address, method: string, args: unknown): ExecuteResult {
    if (this.closed) throw new Error('embedded chain is closed');
    const op = OPS[method as WriteMethod];
    if (op === undefined) throw new RangeError(`unknown transaction ${method}`);
    const record: TxRecord = {
      seq: this.state.txCount,
      sender: normalizeId(sender, 'sender'),
      method,
      args: checkArgs(args, ARG_SPECS[method as WriteMethod]),
      timestampMs: this.clock(),
      seed: op.random ? this.randomBytes(32) : undefined,
      events: [],
    };
    let ran: ReturnType<EmbeddedChain['run']>;
    try {
      ran = this.run(record);
    } catch (err) {
      this.log.debug({ method, sender: record.sender, err }, 'transaction failed');
      throw err;
    }
    const { apply, result, events } = ran;
    record.events = events;
    this.store?.append(record);
    const envelopes = this.commit(apply(), record);
    this.log.debug({ method, seq: record.seq, events: events.length }, 'transaction committed');
    return { digest: this.digestOf(record.seq), events: envelopes, result };
  }

  /**
   * Events strictly after `cursor` (an event index as a string; null = from the first), at most
   * `limit` of them, looking at no more than `SCAN_LIMIT` events. `scannedTo` is the cursor of
   * the last event looked at (matching or not), so a filtered follower can move past the rest.
   * @throws RangeError on a malformed cursor.
   */
  eventsAfter(cursor: string | null, limit: number, types?: readonly ChainEventType[]): EventPage {
    let index = cursor === null ? 0 : Number(cursor) + 1;
    if (cursor !== null && !/^\d+$/.test(cursor)) throw new RangeError(`bad cursor ${cursor}`);
    const end = Math.min(this.events.length, index + SCAN_LIMIT);
    const events: ChainEventEnvelope[] = [];
    let scannedTo = cursor;
    for (; index < end && events.length < limit; index++) {
      const e = this.events[index];
      if (types === undefined || types.includes(e.event.type)) events.push(e);
      scannedTo = e.cursor;
    }
    return { events, scannedTo };
  }

  /** Resolves at the next commit or after `timeoutMs`, whichever comes first. */
  waitForCommit(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
    });
  }

  /** Writes a snapshot and closes the log. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.store?.writeSnapshot(this.state);
    this.store?.close();
    for (const w of [...this.waiters]) w();
  }

  /** Keys decoded for committee checks (shared with readers that verify off chain). */
  get keyCache(): KeyCache {
    return this.keys;
  }

  /**
   * Executes `record` against copy-on-write views of the state; nothing is committed until
   * the returned `apply()` runs.
   */
  private run(record: TxRecord): {
    apply: () => ChainState;
    result: unknown;
    events: ChainEvent[];
  } {
    const op = OPS[record.method as WriteMethod];
    const { pools, caps, staked, storage, blobs, balances, evidence, invalidated, ...small } =
      this.state;
    const next: ChainState = {
      ...structuredClone(small),
      pools: new CowMap(pools),
      caps: new CowMap(caps),
      staked: new CowMap(staked),
      storage: new CowMap(storage),
      blobs: new CowMap(blobs),
      balances: new CowMap(balances),
      evidence: new CowSet(evidence),
      invalidated: new CowSet(invalidated),
    };
    const ctx = new TxContext(
      record.sender,
      record.timestampMs,
      txDigest(this.chainId, record.seq),
      record.seed,
    );
    const env: Env = { s: next, ctx, keys: this.keys };
    const result = op.run(env, record.args as never);
    next.txCount = record.seq + 1n;
    const apply = (): ChainState => ({
      ...next,
      pools: commitTable(next.pools),
      caps: commitTable(next.caps),
      staked: commitTable(next.staked),
      storage: commitTable(next.storage),
      blobs: commitTable(next.blobs),
      balances: commitTable(next.balances),
      evidence: commitTable(next.evidence),
      invalidated: commitTable(next.invalidated),
    });
    return { apply, result, events: ctx.events };
  }

  private commit(next: ChainState, record: TxRecord): ChainEventEnvelope[] {
    this.state = next;
    const envelopes = record.events.map((event, i) => {
      const env: ChainEventEnvelope = {
        event,
        cursor: String(this.events.length),
        txDigest: this.digestOf(record.seq),
        eventIndex: i,
        timestampMs: record.timestampMs,
      };
      this.events.push(env);
      return env;
    });
    if (this.store !== undefined && ++this.sinceSnapshot >= this.snapshotEvery) {
      this.store.writeSnapshot(this.state);
      this.sinceSnapshot = 0;
    }
    for (const w of [...this.waiters]) w();
    return envelopes;
  }

  /** Rebuilds events from the log and re-executes the records after the snapshot. */
  private replay(records: TxRecord[]): void {
    for (const record of records) {
      if (record.seq < this.state.txCount) {
        this.commitEventsOnly(record);
        continue;
      }
      if (record.seq !== this.state.txCount) {
        throw new ChainStoreCorruptError(`log jumps from ${this.state.txCount} to ${record.seq}`);
      }
      let replayed: { apply: () => ChainState; events: ChainEvent[] };
      try {
        replayed = this.run(record);
      } catch (err) {
        throw new ChainStoreCorruptError(
          `transaction ${record.seq} (${record.method}) fails on replay`,
          { cause: err },
        );
      }
      this.state = replayed.apply();
      this.commitEventsOnly({ ...record, events: replayed.events });
    }
    this.sinceSnapshot = 0;
  }

  private commitEventsOnly(record: TxRecord): void {
    record.events.forEach((event, i) =>
      this.events.push({
        event,
        cursor: String(this.events.length),
        txDigest: this.digestOf(record.seq),
        eventIndex: i,
        timestampMs: record.timestampMs,
      }),
    );
  }

  private digestOf(seq: bigint): string {
    return Buffer.from(txDigest(this.chainId, seq)).toString('hex');
  }
}

function commitTable<K, V>(t: Map<K, V>): Map<K, V>;
function commitTable<T>(t: Set<T>): Set<T>;
function commitTable(
  t: Map<unknown, unknown> | Set<unknown>,
): Map<unknown, unknown> | Set<unknown> {
  return t instanceof CowMap || t instanceof CowSet ? t.commit() : t;
}

/**
 * The Sui event watcher against an in-memory ledger that answers `listEvents` the way a gRPC full
 * node does: opaque cursors, a bounded scan per request (so a page can be EMPTY while
 * `hasNextPage` is true), events of other types in between. No Sui node runs on this machine; the
 * ledger stands in for its paging rules only, the decoding is the real one.
 */
import type { SuiClientTypes } from '@mysten/sui/client';
import { describe, expect, it } from 'vitest';
import { EpochChangeDone, EpochChangeStart } from '../../../src/chain/bcs.ts';
import type { ChainEventEnvelope } from '../../../src/chain/events.ts';
import { ChainUnavailableError } from '../../../src/chain/errors.ts';
import { silentLogger } from '../../../src/util/log.ts';
import { encodeCursor } from '../../../src/chain/sui/cursor.ts';
import { watchSuiEvents, type EventPageSource } from '../../../src/chain/sui/watch.ts';

const PKG = '0x' + '77'.repeat(32);

type LedgerEntry = SuiClientTypes.EventEntry;

/** Ledger of `n` Floe events (EpochChangeStart/Done alternating) with foreign events mixed in. */
function makeLedger(n: number): LedgerEntry[] {
  const out: LedgerEntry[] = [];
  for (let i = 0; i < n; i++) {
    const start = i % 2 === 0;
    const base = {
      packageId: PKG,
      module: 'events',
      sender: '0x' + '01'.repeat(32),
      json: null,
      checkpoint: String(i),
      transactionDigest: `tx${Math.floor(i / 2)}`,
      eventIndex: i % 2,
    };
    out.push({
      ...base,
      eventType: `${PKG}::events::${start ? 'EpochChangeStart' : 'EpochChangeDone'}`,
      bcs: (start ? EpochChangeStart : EpochChangeDone).serialize({ epoch: i }).toBytes(),
    });
    // Runs of foreign events, so that a bounded scan can come back empty.
    if (i % 4 === 0) {
      for (let k = 0; k < 3; k++) {
        out.push({
          ...base,
          eventType: `0x2::coin::Foreign`,
          bcs: new Uint8Array(1),
          eventIndex: 9 + k,
        });
      }
    }
  }
  return out;
}

/** A listEvents that scans at most `scan` ledger entries per call and matches by module prefix. */
class ScanLimitedSource implements EventPageSource {
  calls = 0;
  emptyPagesWithMore = 0;
  failNext = 0;
  constructor(
    private readonly ledger: LedgerEntry[],
    public scan: number,
  ) {}
  async listEvents(
    o: SuiClientTypes.ListEventsOptions,
  ): Promise<SuiClientTypes.ListEventsResponse> {
    this.calls++;
    if (this.failNext > 0) {
      this.failNext--;
      throw new TypeError('fetch failed');
    }
    const filter = (o.filter as { eventType: string }).eventType;
    let pos = o.after == null ? 0 : Number(o.after.slice(1)) + 1;
    const events: LedgerEntry[] = [];
    let last = pos - 1;
    const stop = Math.min(this.ledger.length, pos + this.scan);
    for (; pos < stop && events.length < (o.limit ?? 50); pos++) {
      last = pos;
      if (this.ledger[pos].eventType.startsWith(filter + '::')) events.push(this.ledger[pos]);
    }
    const hasNextPage = last + 1 < this.ledger.length;
    if (events.length === 0 && hasNextPage) this.emptyPagesWithMore++;
    return { events, hasNextPage, startCursor: null, endCursor: last >= 0 ? `p${last}` : null };
  }
}

const tick = (_ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    setImmediate(resolve);
  });

/** Runs a watcher until `count` events arrived (or `until` holds), then stops it. */
function collect(
  source: EventPageSource,
  count: number,
  extra: Partial<Parameters<typeof watchSuiEvents>[0]> = {},
): Promise<{ got: ChainEventEnvelope[]; errors: unknown[] }> {
  return new Promise((resolve) => {
    const got: ChainEventEnvelope[] = [];
    const errors: unknown[] = [];
    const stop = watchSuiEvents({
      source,
      packageId: PKG,
      logger: silentLogger,
      sleep: tick,
      pageSize: 4,
      onError: (e) => errors.push(e),
      ...extra,
      onEvent: async (e) => {
        if (extra.onEvent) await extra.onEvent(e);
        got.push(e);
        if (got.length === count) {
          stop();
          setImmediate(() => resolve({ got, errors }));
        }
      },
    });
  });
}

const epochs = (got: ChainEventEnvelope[]) =>
  got.map((e) => (e.event.data as { epoch: number }).epoch);

describe('watchSuiEvents', () => {
  it('keeps paging through empty pages that say more exist, delivering every event in order', async () => {
    const ledger = makeLedger(20);
    const source = new ScanLimitedSource(ledger, 2);
    const { got, errors } = await collect(source, 20);
    expect(errors).toEqual([]);
    expect(epochs(got)).toEqual([...Array(20).keys()]);
    expect(source.emptyPagesWithMore).toBeGreaterThan(0);
    expect(got[0].event.type).toBe('EpochChangeStart');
    expect(got[1]).toMatchObject({ txDigest: 'tx0', eventIndex: 1 });
  });

  it('resumes right after the event whose cursor was saved, however the server cuts pages', async () => {
    const ledger = makeLedger(30);
    const first = await collect(new ScanLimitedSource(ledger, 5), 11);
    const saved = first.got[10].cursor;
    const rest = await collect(new ScanLimitedSource(ledger, 3), 19, { cursor: saved });
    expect(epochs(rest.got)).toEqual([...Array(19).keys()].map((i) => i + 11));
  });

  it('resumes after an event returned by a write (tx digest + index cursor)', async () => {
    const ledger = makeLedger(12);
    const cursor = encodeCursor({ kind: 'event', txDigest: 'tx2', eventIndex: 1 });
    const { got } = await collect(new ScanLimitedSource(ledger, 4), 6, { cursor });
    expect(epochs(got)).toEqual([6, 7, 8, 9, 10, 11]);
  });

  it('filters by type without losing its place', async () => {
    const ledger = makeLedger(16);
    const { got } = await collect(new ScanLimitedSource(ledger, 3), 8, {
      types: ['EpochChangeDone'],
    });
    expect(epochs(got)).toEqual([1, 3, 5, 7, 9, 11, 13, 15]);
  });

  it('delivers the same event again after the handler throws', async () => {
    const ledger = makeLedger(6);
    let failed = false;
    const { got, errors } = await collect(new ScanLimitedSource(ledger, 10), 6, {
      onEvent: (e) => {
        if (!failed && (e.event.data as { epoch: number }).epoch === 3) {
          failed = true;
          throw new Error('handler busy');
        }
      },
    });
    expect(epochs(got)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(errors).toHaveLength(1);
  });

  it('reports RPC failures as retryable ChainUnavailableError and carries on', async () => {
    const source = new ScanLimitedSource(makeLedger(4), 10);
    source.failNext = 2;
    const { got, errors } = await collect(source, 4);
    expect(epochs(got)).toEqual([0, 1, 2, 3]);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBeInstanceOf(ChainUnavailableError);
  });

  it('refuses a cursor it did not produce', () => {
    expect(() =>
      watchSuiEvents({
        source: new ScanLimitedSource([], 1),
        packageId: PKG,
        logger: silentLogger,
        cursor: 'nope',
        onEvent: () => {},
      }),
    ).toThrow(/not a Sui event cursor/);
  });
});

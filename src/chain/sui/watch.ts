/**
 * Follows the Floe package's events on Sui: one `listEvents` stream filtered by the package's
 * `events` module (so every Floe event arrives in ledger order in one stream), type filtering on
 * our side, BCS decoding, per-event cursors (cursor.ts).
 *
 * Paging rule that matters on gRPC: a page may be EMPTY while `hasNextPage` is true (the server
 * bounds how much it scans per request). The watcher then continues from `endCursor` at once,
 * without sleeping; it sleeps only when the server says there is nothing more.
 */
import type { SuiClientTypes } from '@mysten/sui/client';
import type { ChainEventEnvelope, ChainEventType } from '../events.ts';
import type { Unwatch } from '../types.ts';
import type { Logger } from '../../util/log.ts';
import { ChainUnavailableError } from '../errors.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { decodeEvent, eventNameOf } from './event-decode.ts';

/** The one RPC the watcher needs (`SuiGrpcClient.core` provides it). */
export interface EventPageSource {
  listEvents(options: SuiClientTypes.ListEventsOptions): Promise<SuiClientTypes.ListEventsResponse>;
}

export interface WatchSuiEventsOptions {
  source: EventPageSource;
  packageId: string;
  cursor?: string | null;
  types?: readonly ChainEventType[];
  onEvent: (event: ChainEventEnvelope) => void | Promise<void>;
  onError?: (err: unknown) => void;
  /** Sleep between polls once caught up (default 500 ms). */
  pollIntervalMs?: number;
  /** Page size asked for (default 50; gRPC servers may return fewer). */
  pageSize?: number;
  logger: Logger;
  /** Injectable sleep; must resolve early when `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

/**
 * Starts following events and returns the stop function. Never throws after returning: RPC
 * failures go to `onError` as `ChainUnavailableError` and are retried after the poll interval;
 * a handler that throws gets the same event again after the poll interval; an event whose BCS
 * does not decode is reported to `onError` and passed over (it can never decode later).
 * Throws `InvalidInputError` (`BAD_CURSOR`) synchronously for a cursor it cannot read.
 */
export function watchSuiEvents(opts: WatchSuiEventsOptions): Unwatch {
  const start = decodeCursor(opts.cursor);
  const stop = new AbortController();
  const sleep = opts.sleep ?? defaultSleep;
  const poll = opts.pollIntervalMs ?? 500;
  const wanted = opts.types === undefined ? undefined : new Set<string>(opts.types);
  const log = opts.logger.child({ component: 'sui-events' });
  const report = (err: unknown): void => {
    try {
      opts.onError?.(err);
    } catch (inner) {
      log.warn({ err: inner }, 'onError handler threw');
    }
  };

  let after = start.kind === 'page' ? start.after : null;
  let skip = start.kind === 'page' ? start.skip : 0;
  // Resuming from a write's event: scan until that event has gone by.
  let seek = start.kind === 'event' ? start : undefined;

  const run = async (): Promise<void> => {
    while (!stop.signal.aborted) {
      let page: SuiClientTypes.ListEventsResponse;
      try {
        page = await opts.source.listEvents({
          filter: { eventType: `${opts.packageId}::events` },
          after,
          limit: opts.pageSize ?? 50,
          signal: stop.signal,
        });
      } catch (err) {
        if (stop.signal.aborted) return;
        report(new ChainUnavailableError('listEvents failed', { cause: err }));
        await sleep(poll, stop.signal);
        continue;
      }
      const pageAfter = after;
      const pageSkip = skip;
      let failedAt = -1;
      for (let i = pageSkip; i < page.events.length; i++) {
        if (stop.signal.aborted) return;
        const entry = page.events[i];
        if (seek !== undefined) {
          if (entry.transactionDigest === seek.txDigest && entry.eventIndex === seek.eventIndex)
            seek = undefined;
          continue;
        }
        const name = eventNameOf(entry.eventType, opts.packageId);
        if (name === undefined || (wanted !== undefined && !wanted.has(name))) continue;
        let envelope: ChainEventEnvelope;
        try {
          envelope = {
            event: decodeEvent(name, entry.bcs),
            cursor: encodeCursor({ kind: 'page', after: pageAfter, skip: i + 1 }),
            txDigest: entry.transactionDigest,
            eventIndex: entry.eventIndex,
            timestampMs: undefined,
          };
        } catch (err) {
          report(err);
          continue;
        }
        try {
          await opts.onEvent(envelope);
        } catch (err) {
          report(err);
          failedAt = i;
          break;
        }
      }
      if (failedAt >= 0) {
        after = pageAfter;
        skip = failedAt;
        await sleep(poll, stop.signal);
        continue;
      }
      const n = page.events.length;
      if (page.endCursor !== null) {
        after = page.endCursor;
        skip = Math.max(0, pageSkip - n);
      } else {
        skip = Math.max(pageSkip, n);
      }
      // An empty page without a cursor cannot make progress: wait rather than spin.
      if (!page.hasNextPage || (n === 0 && page.endCursor === null)) await sleep(poll, stop.signal);
    }
  };
  run().catch((err: unknown) => report(err));
  return () => stop.abort();
}

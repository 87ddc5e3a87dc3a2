/**
 * Event cursors of the Sui adapter. Sui's `listEvents` hands out opaque cursors per page, not
 * per event, so a Floe cursor names a page cursor plus how many events after it have already been
 * delivered: `{ "a": <page cursor or null>, "s": <skip> }`. Ledger order is stable, so asking
 * again after the same page cursor and skipping `s` events lands right after the last delivered
 * event, however the server cuts its pages.
 *
 * Events returned by a write (`TxResult.events`) have no page cursor; theirs is
 * `{ "t": <tx digest>, "i": <event index> }`, and resuming from it scans from the beginning until
 * that event has passed.
 */
import { InvalidInputError } from '../../util/errors.ts';
import type { EventCursor } from '../events.ts';

export type SuiCursor =
  | { kind: 'page'; after: string | null; skip: number }
  | { kind: 'event'; txDigest: string; eventIndex: number };

export function encodeCursor(c: SuiCursor): EventCursor {
  return c.kind === 'page'
    ? JSON.stringify({ a: c.after, s: c.skip })
    : JSON.stringify({ t: c.txDigest, i: c.eventIndex });
}

/**
 * Parses a cursor; `null`/`undefined` means "from the first event".
 * Throws `InvalidInputError` (code `BAD_CURSOR`) for text this adapter did not produce.
 */
export function decodeCursor(text: EventCursor | null | undefined): SuiCursor {
  if (text === null || text === undefined) return { kind: 'page', after: null, skip: 0 };
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (cause) {
    throw new InvalidInputError(`not a Sui event cursor: ${text}`, { code: 'BAD_CURSOR', cause });
  }
  const o = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  if (
    (o.a === null || typeof o.a === 'string') &&
    Number.isSafeInteger(o.s) &&
    (o.s as number) >= 0
  ) {
    return { kind: 'page', after: o.a as string | null, skip: o.s as number };
  }
  if (typeof o.t === 'string' && Number.isSafeInteger(o.i) && (o.i as number) >= 0) {
    return { kind: 'event', txDigest: o.t, eventIndex: o.i as number };
  }
  throw new InvalidInputError(`not a Sui event cursor: ${text}`, { code: 'BAD_CURSOR' });
}

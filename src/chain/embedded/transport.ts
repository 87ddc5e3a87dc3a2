/**
 * How a `ChainClient` reaches an embedded chain: in process, or over loopback HTTP. Both move
 * the same three things: reads, transactions and event pages.
 */
import type { ChainEventType } from '../events.ts';
import type { Address } from '../ids.ts';
import type { EmbeddedChain, EventPage, ExecuteResult } from './chain.ts';
import type { WriteMethod } from './ops.ts';
import { READS, type ReadMethod } from './reads.ts';

export interface ChainTransport {
  read(method: ReadMethod, args: object): Promise<unknown>;
  send(sender: Address, method: WriteMethod, args: object): Promise<ExecuteResult>;
  /**
   * Events after `cursor` (at most `limit`) and the cursor of the last event looked at; with
   * `waitMs`, waits that long for a new matching one when none is pending.
   */
  events(
    cursor: string | null,
    limit: number,
    types: readonly ChainEventType[] | undefined,
    waitMs: number,
  ): Promise<EventPage>;
}

/** In-process transport. Values are cloned both ways, as a wire would. */
export class LocalTransport implements ChainTransport {
  constructor(readonly chain: EmbeddedChain) {}

  async read(method: ReadMethod, args: object): Promise<unknown> {
    const f = READS[method] as (s: unknown, a: object) => unknown;
    if (typeof f !== 'function') throw new RangeError(`unknown read ${method}`);
    return structuredClone(f(this.chain.current, args));
  }

  async send(sender: Address, method: WriteMethod, args: object): Promise<ExecuteResult> {
    return structuredClone(this.chain.execute(sender, method, structuredClone(args)));
  }

  async events(
    cursor: string | null,
    limit: number,
    types: readonly ChainEventType[] | undefined,
    waitMs: number,
  ): Promise<EventPage> {
    const page = this.chain.eventsAfter(cursor, limit, types);
    if (page.events.length > 0 || waitMs <= 0) return structuredClone(page);
    await this.chain.waitForCommit(waitMs);
    const next = this.chain.eventsAfter(page.scannedTo, limit, types);
    return structuredClone({ events: next.events, scannedTo: next.scannedTo ?? page.scannedTo });
  }
}

/**
 * The client side of the loopback server (server.ts): a `ChainTransport` over `fetch`, with a
 * timeout per call and typed errors rebuilt from the wire.
 */
import type { ChainEventType } from '../events.ts';
import { ChainUnavailableError } from '../errors.ts';
import type { Address } from '../ids.ts';
import type { EventPage, ExecuteResult } from './chain.ts';
import { encodeValue, parse } from './codec.ts';
import type { WriteMethod } from './ops.ts';
import type { ReadMethod } from './reads.ts';
import type { ChainTransport } from './transport.ts';
import { fromWire, type WireError } from './wire-errors.ts';

export interface HttpTransportOptions {
  /** e.g. `http://127.0.0.1:9300`. */
  baseUrl: string;
  fetch?: typeof fetch;
  /** Per-call timeout for reads and transactions (default 30 s); long polls add their wait. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export class HttpTransport implements ChainTransport {
  private readonly base: string;
  private readonly fetchFn: typeof fetch;
  private readonly timeoutMs: number;

  constructor(private readonly opts: HttpTransportOptions) {
    if (typeof opts.baseUrl !== 'string' || !/^https?:\/\//.test(opts.baseUrl)) {
      throw new RangeError(`baseUrl must be an http(s) URL, got ${String(opts.baseUrl)}`);
    }
    this.base = opts.baseUrl.replace(/\/+$/, '');
    this.fetchFn = opts.fetch ?? fetch;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
  }

  read(method: ReadMethod, args: object): Promise<unknown> {
    return this.call(
      'POST',
      `/v1/read/${method}`,
      { args: encodeValue(args) },
      this.timeoutMs,
    ).then((r) => (r as { result: unknown }).result);
  }

  send(sender: Address, method: WriteMethod, args: object): Promise<ExecuteResult> {
    return this.call(
      'POST',
      `/v1/tx/${method}`,
      { sender, args: encodeValue(args) },
      this.timeoutMs,
    ) as Promise<ExecuteResult>;
  }

  async events(
    cursor: string | null,
    limit: number,
    types: readonly ChainEventType[] | undefined,
    waitMs: number,
  ): Promise<EventPage> {
    const q = new URLSearchParams({ limit: String(limit), waitMs: String(waitMs) });
    if (cursor !== null) q.set('cursor', cursor);
    if (types) q.set('types', types.join(','));
    const r = (await this.call(
      'GET',
      `/v1/events?${q}`,
      undefined,
      this.timeoutMs + waitMs,
    )) as EventPage;
    return { events: r.events, scannedTo: r.scannedTo ?? null };
  }

  private async call(
    method: string,
    path: string,
    body: unknown,
    timeoutMs: number,
  ): Promise<unknown> {
    const signals = [AbortSignal.timeout(timeoutMs)];
    if (this.opts.signal) signals.push(this.opts.signal);
    let res: Response;
    let text: string;
    try {
      res = await this.fetchFn(this.base + path, {
        method,
        headers: body === undefined ? undefined : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.any(signals),
      });
      text = await res.text();
    } catch (err) {
      throw new ChainUnavailableError(`embedded chain at ${this.base} unreachable`, { cause: err });
    }
    let parsed: { error?: WireError };
    try {
      parsed = parse(text);
    } catch (err) {
      throw new ChainUnavailableError(
        `embedded chain at ${this.base} answered ${res.status} with non-JSON`,
        { cause: err },
      );
    }
    if (parsed.error) throw fromWire(parsed.error);
    if (!res.ok)
      throw new ChainUnavailableError(`embedded chain at ${this.base} answered ${res.status}`);
    return parsed;
  }
}

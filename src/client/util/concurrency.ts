/**
 * Small concurrency tools for the client: a bounded task limiter shared across nodes, and a retry
 * loop that asks the error whether repeating may help.
 */
import { FloeError } from '../../util/errors.ts';
import { AbortedError } from '../errors.ts';

/** Runs at most `limit` tasks at a time; the rest wait in FIFO order. */
export class Limiter {
  readonly #limit: number;
  #running = 0;
  readonly #queue: Array<() => void> = [];

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`limit must be a positive integer, got ${limit}`);
    this.#limit = limit;
  }

  /** Runs `task` once a slot is free and resolves (or rejects) with its result. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#limit) {
      await new Promise<void>((resolve) => this.#queue.push(resolve));
    } else {
      this.#running++;
    }
    try {
      return await task();
    } finally {
      const next = this.#queue.shift();
      if (next) next();
      else this.#running--;
    }
  }
}

/**
 * Bounds the bytes of work in flight: a task of `size` bytes starts once the sizes of the running
 * tasks plus its own fit in the budget (a task larger than the whole budget runs alone). Waiting
 * tasks start in the order they asked.
 */
export class ByteBudget {
  readonly #budget: number;
  #used = 0;
  readonly #queue: Array<{ size: number; start: () => void }> = [];

  constructor(budget: number) {
    if (!Number.isSafeInteger(budget) || budget < 1)
      throw new RangeError(`budget must be a positive integer, got ${budget}`);
    this.#budget = budget;
  }

  /** Runs `task` once `size` bytes fit in the budget, and resolves (or rejects) with its result. */
  async run<T>(size: number, task: () => Promise<T>): Promise<T> {
    const cost = Math.min(Math.max(0, size), this.#budget);
    if (this.#queue.length > 0 || this.#used + cost > this.#budget) {
      await new Promise<void>((start) => this.#queue.push({ size: cost, start }));
    } else {
      this.#used += cost;
    }
    try {
      return await task();
    } finally {
      this.#used -= cost;
      while (this.#queue.length > 0 && this.#used + this.#queue[0].size <= this.#budget) {
        const next = this.#queue.shift()!;
        this.#used += next.size;
        next.start();
      }
    }
  }
}

/** Sleeps `ms`, rejecting with `AbortedError` as soon as `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortedError({ cause: signal.reason }));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError({ cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface RetryOptions {
  /** Attempts in total, including the first. Default 8. */
  attempts?: number;
  /**
   * A larger (or smaller) attempt budget for some retryable errors, e.g. "not ready yet" answers
   * that are expected to clear, against failures that suggest the peer is gone.
   */
  attemptsFor?: (err: FloeError) => number | undefined;
  /** First back-off in ms, doubled each time up to `maxDelayMs`. Default 25. */
  baseDelayMs?: number;
  /** Longest back-off in ms. Default 1000. */
  maxDelayMs?: number;
  signal?: AbortSignal;
  /** Injected sleep (tests and callers may replace the timer). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Calls `fn` until it succeeds, retrying only errors whose `retryable` flag is set, with doubling
 * back-off. Throws the last error when attempts run out, or at once for a non-retryable one.
 */
export async function withRetry<T>(fn: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const attempts = opts.attempts ?? 8;
  const pause = opts.sleep ?? sleep;
  let delay = opts.baseDelayMs ?? 25;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof FloeError) || !err.retryable) throw err;
      if (attempt >= (opts.attemptsFor?.(err) ?? attempts)) throw err;
      await pause(delay, opts.signal);
      delay = Math.min(delay * 2, opts.maxDelayMs ?? 1000);
    }
  }
}

/**
 * Waiting between retries of the challenge loops: exponential back-off with a cap, on the node's
 * timer seam, cut short by an AbortSignal. Back-off only paces retries; it never decides that a
 * peer or a round has failed.
 */
import type { SetTimer } from '../timer.ts';

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 100, maxMs: 5_000 };

/** The delay before attempt `attempt` (0-based): initial * 2^attempt, at most `maxMs`. */
export function backoffDelay(opts: BackoffOptions, attempt: number): number {
  return Math.min(opts.maxMs, opts.initialMs * 2 ** Math.min(attempt, 30));
}

/** Resolves after `ms`, or at once (false) when `signal` aborts. True when the time passed. */
export function pause(setTimer: SetTimer, ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      timer.cancel();
      resolve(false);
    };
    const timer = setTimer(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

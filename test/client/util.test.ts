import { describe, expect, it } from 'vitest';
import {
  quorumWeight,
  validityWeight,
  weightedShuffle,
  nodeUrl,
} from '../../src/client/committee.ts';
import { ByteBudget, Limiter, withRetry } from '../../src/client/util/concurrency.ts';
import {
  errorForReply,
  NodeNotFoundError,
  NodeNotReadyError,
  NodeRejectedError,
  NodeUnavailableError,
} from '../../src/client/node/node-errors.ts';
import { RetryableError, InvalidInputError } from '../../src/util/errors.ts';

describe('quorum arithmetic', () => {
  it('matches 3w >= 2n+1 and 3w >= n+1', () => {
    for (const n of [4, 7, 10, 100, 1000]) {
      const q = quorumWeight(n);
      expect(3 * q >= 2 * n + 1 && 3 * (q - 1) < 2 * n + 1).toBe(true);
      const v = validityWeight(n);
      expect(3 * v >= n + 1 && 3 * (v - 1) < n + 1).toBe(true);
    }
  });
});

describe('weightedShuffle', () => {
  it('returns every member with shards once, and favours heavier members first', () => {
    let seed = 1;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const members = [
      { id: 'a', shards: [0] },
      { id: 'b', shards: Array.from({ length: 9 }, (_, i) => i + 1) },
      { id: 'c', shards: [] },
    ];
    let heavyFirst = 0;
    for (let i = 0; i < 1000; i++) {
      const order = weightedShuffle(members, random);
      expect(order.map((m) => m.id).sort()).toEqual(['a', 'b']);
      if (order[0].id === 'b') heavyFirst++;
    }
    // P(b first) = 0.9; 1000 draws stay far above 800 except with negligible probability.
    expect(heavyFirst).toBeGreaterThan(800);
  });
});

describe('nodeUrl', () => {
  it('takes host:port as http and keeps explicit schemes', () => {
    expect(nodeUrl('127.0.0.1:9100')).toBe('http://127.0.0.1:9100');
    expect(nodeUrl('https://node.example/')).toBe('https://node.example');
  });
});

describe('Limiter', () => {
  it('never runs more than its limit at once and runs everything', async () => {
    const limiter = new Limiter(3);
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limiter.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((r) => setImmediate(r));
          running--;
          return i;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(peak).toBe(3);
  });
});

describe('withRetry', () => {
  const noSleep = async () => {};
  it('retries retryable errors and returns the eventual result', async () => {
    let calls = 0;
    const value = await withRetry(
      async () => {
        if (++calls < 3) throw new RetryableError('X', 'later');
        return 'ok';
      },
      { sleep: noSleep },
    );
    expect(value).toBe('ok');
    expect(calls).toBe(3);
  });
  it('does not retry other errors', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new InvalidInputError('bad');
        },
        { sleep: noSleep },
      ),
    ).rejects.toBeInstanceOf(InvalidInputError);
    expect(calls).toBe(1);
  });
  it('gives up after the attempts', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new RetryableError('X', 'later');
        },
        { attempts: 4, sleep: noSleep },
      ),
    ).rejects.toBeInstanceOf(RetryableError);
    expect(calls).toBe(4);
  });
});

describe('withRetry budgets', () => {
  it('gives errors named by attemptsFor their own budget', async () => {
    class Slow extends RetryableError {}
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new Slow('SLOW', 'not yet');
        },
        {
          attempts: 2,
          attemptsFor: (e) => (e instanceof Slow ? 5 : undefined),
          sleep: async () => {},
        },
      ),
    ).rejects.toBeInstanceOf(Slow);
    expect(calls).toBe(5);
  });
});

describe('errorForReply', () => {
  const url = 'http://n';
  it('classifies node replies by status and Walrus reason', () => {
    const body = (reason: string) =>
      JSON.stringify({ error: { code: reason, message: 'm', details: [{ reason }] } });
    expect(errorForReply(url, 409, body('NOT_REGISTERED'))).toBeInstanceOf(NodeNotReadyError);
    expect(errorForReply(url, 404, body('NOT_FULLY_STORED'))).toBeInstanceOf(NodeNotReadyError);
    expect(errorForReply(url, 404, body('NOT_FOUND'))).toBeInstanceOf(NodeNotFoundError);
    expect(errorForReply(url, 503, 'oops')).toBeInstanceOf(NodeUnavailableError);
    expect(errorForReply(url, 400, body('INVALID_SLIVER'))).toBeInstanceOf(NodeRejectedError);
    expect(errorForReply(url, 400, body('INVALID_SLIVER')).retryable).toBe(false);
  });
});

describe('ByteBudget', () => {
  it('keeps the bytes of running tasks within the budget, starts waiters in order, and runs an oversize task alone', async () => {
    const budget = new ByteBudget(10);
    let running = 0;
    let peak = 0;
    const started: string[] = [];
    const gates = new Map<string, () => void>();
    const task = (name: string, size: number) =>
      budget.run(size, async () => {
        started.push(name);
        running += Math.min(size, 10);
        peak = Math.max(peak, running);
        await new Promise<void>((resolve) => gates.set(name, resolve));
        running -= Math.min(size, 10);
        return name;
      });
    const tick = () => new Promise((r) => setTimeout(r, 0));
    const a = task('a', 6);
    const b = task('b', 6); // does not fit beside a
    const c = task('c', 2); // would fit, but waits behind b (order is kept)
    await tick();
    expect(started).toEqual(['a']);
    gates.get('a')!();
    await a;
    await tick();
    expect(started).toEqual(['a', 'b', 'c']);
    const big = task('big', 50); // larger than the budget: waits until it can run alone
    await tick();
    expect(started).toEqual(['a', 'b', 'c']);
    gates.get('b')!();
    gates.get('c')!();
    await Promise.all([b, c]);
    await tick();
    expect(started).toEqual(['a', 'b', 'c', 'big']);
    gates.get('big')!();
    expect(await big).toBe('big');
    expect(peak).toBeLessThanOrEqual(10);
  });

  it('releases its bytes when a task throws', async () => {
    const budget = new ByteBudget(4);
    await expect(budget.run(4, async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(await budget.run(4, async () => 'ran')).toBe('ran');
  });
});

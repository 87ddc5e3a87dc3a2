/**
 * The epoch driver and the by-hand advance over the embedded chain in process, with a test clock
 * shared by chain and driver: the driver calls `initiate_epoch_change` only once an epoch has
 * lasted its duration and the previous change is done (the nodes' `epoch_sync_done` reports are
 * sent here by the test), and a by-hand advance the chain refuses is a typed error.
 */
import { describe, expect, it } from 'vitest';
import {
  EpochChangeInProgressError,
  EpochNotOverError,
  MANUAL_EPOCH_MS,
  advanceEpoch,
  applyEpochDuration,
  startEpochDriver,
} from '../../src/localnet/epochs.ts';
import { silentLogger } from '../../src/util/log.ts';
import type { ChainClient } from '../../src/chain/types.ts';
import { epochOne } from '../chain/embedded/fixture.ts';
import { reportSynced } from '../chain/embedded/next-epoch.ts';

const tick = () => new Promise((r) => setTimeout(r, 30));

describe('epoch driver', () => {
  it('changes the epoch only after the duration, and only once the previous change is done', async () => {
    const net = await epochOne();
    await applyEpochDuration(net.admin, 5000n);
    expect((await net.admin.getParams()).epochDurationMs).toBe(5000n);
    const epochs: number[] = [];
    const driver = startEpochDriver({
      chain: net.admin,
      durationMs: 5000n,
      log: silentLogger,
      tickMs: 5,
      now: () => Number(net.clock.now),
      onEpoch: (e) => epochs.push(e),
    });
    try {
      net.clock.advance(4999n);
      for (let i = 0; i < 5; i++) await tick();
      expect(await net.admin.getEpoch()).toBe(1);

      net.clock.advance(1n);
      for (let i = 0; i < 20 && epochs.length === 0; i++) await tick();
      expect(epochs).toEqual([2]);
      expect((await net.admin.getEpochState()).kind).toBe('Syncing');

      // Past the duration again, but the change to epoch 2 is not done: no call goes through.
      net.clock.advance(10_000n);
      for (let i = 0; i < 5; i++) await tick();
      expect(await net.admin.getEpoch()).toBe(2);

      await reportSynced(net);
      for (let i = 0; i < 20 && epochs.length === 1; i++) await tick();
      expect(epochs).toEqual([2, 3]);
    } finally {
      await driver.stop();
      net.chain.close();
    }
  });

  it('rejects a non-positive duration', () => {
    expect(() =>
      startEpochDriver({ chain: {} as never, durationMs: 0n, log: silentLogger }),
    ).toThrow(RangeError);
  });
});

describe('advanceEpoch (by hand)', () => {
  it('says how long the epoch still runs when the chain refuses', async () => {
    const net = await epochOne();
    try {
      await applyEpochDuration(net.admin, 5000n);
      net.clock.advance(1000n);
      const err = await advanceEpoch(net.admin, { now: () => Number(net.clock.now) }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(EpochNotOverError);
      expect((err as Error).message).toContain('4000 ms left');
    } finally {
      net.chain.close();
    }
  });

  it('in manual mode advances at once, waits for a change in progress, and times out typed', async () => {
    const net = await epochOne();
    try {
      await applyEpochDuration(net.admin, null);
      expect((await net.admin.getParams()).epochDurationMs).toBe(MANUAL_EPOCH_MS);
      net.clock.advance(1n);
      expect(await advanceEpoch(net.admin)).toEqual({ previous: 1, epoch: 2, done: false });

      // The change to 2 is in progress: a second advance waits (here: times out) for it.
      const err = await advanceEpoch(net.admin, { timeoutMs: 50, pollMs: 10 }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(EpochChangeInProgressError);

      net.clock.advance(1n);
      const pending = advanceEpoch(net.admin, { timeoutMs: 5000, pollMs: 10 });
      await reportSynced(net);
      expect(await pending).toMatchObject({ previous: 2, epoch: 3 });
    } finally {
      net.chain.close();
    }
  });

  it('answers a change another caller started between its wait and its call as in progress', async () => {
    const net = await epochOne();
    try {
      await applyEpochDuration(net.admin, null);
      net.clock.advance(1n);
      // The driver (or a second `localnet epoch`) gets in first, right after this caller's wait.
      const raced: ChainClient = Object.create(net.admin, {
        initiateEpochChange: {
          value: async () => {
            await net.admin.initiateEpochChange();
            return net.admin.initiateEpochChange();
          },
        },
      });
      const err = await advanceEpoch(raced).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EpochChangeInProgressError);
      expect(err).toMatchObject({ code: 'EPOCH_CHANGE_IN_PROGRESS', retryable: true });
      expect(await net.admin.getEpoch()).toBe(2);
    } finally {
      net.chain.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { ChainEventEnvelope } from '../../../src/chain/events.ts';
import { epochOne } from './fixture.ts';

describe('watchEvents on the embedded chain', () => {
  it('filters by type, redelivers an event whose handler failed, and stops on unwatch', async () => {
    const net = await epochOne();
    const seen: ChainEventEnvelope[] = [];
    const errors: unknown[] = [];
    let failOnce = true;
    const done = new Promise<void>((resolve) => {
      const unwatch = net.admin.watchEvents({
        types: ['StakeAdded'],
        pollIntervalMs: 20,
        onEvent: (e) => {
          if (seen.length === 1 && failOnce) {
            failOnce = false;
            throw new Error('handler busy');
          }
          seen.push(e);
          if (seen.length === 4) {
            unwatch();
            resolve();
          }
        },
        onError: (err) => errors.push(err),
      });
    });
    await done;
    expect(seen.map((e) => e.event.type)).toEqual([
      'StakeAdded',
      'StakeAdded',
      'StakeAdded',
      'StakeAdded',
    ]);
    expect(new Set(seen.map((e) => e.cursor)).size).toBe(4);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('handler busy');
    // Cursors are positions in the whole stream, so a filtered watcher's cursor resumes anywhere.
    const all = net.chain.allEvents;
    expect(seen.map((e) => all[Number(e.cursor)].event.type)).toEqual(seen.map(() => 'StakeAdded'));
    net.chain.close();
  });

  it('pages report how far they looked, so filtered followers move past other events', async () => {
    const net = await epochOne();
    const all = net.chain.allEvents;
    const page = net.chain.eventsAfter(null, 10, ['EpochChangeDone']);
    expect(page.events.map((e) => e.event.type)).toEqual(['EpochChangeDone']);
    expect(page.scannedTo).toBe(all.at(-1)!.cursor);
    expect(net.chain.eventsAfter(page.scannedTo, 10)).toEqual({
      events: [],
      scannedTo: page.scannedTo,
    });
    const limited = net.chain.eventsAfter(null, 2);
    expect(limited.events).toHaveLength(2);
    expect(limited.scannedTo).toBe('1');
    expect(() => net.chain.eventsAfter('x1', 1)).toThrow(RangeError);
    net.chain.close();
  });
});

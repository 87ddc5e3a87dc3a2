import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../../src/util/log.ts';
import {
  ChainUnavailableError,
  MoveAbortError,
  ObjectNotFoundError,
} from '../../../src/chain/errors.ts';
import type { ChainEventEnvelope } from '../../../src/chain/events.ts';
import {
  connectChain,
  runChainServer,
  type RunningChain,
} from '../../../src/chain/embedded/run.ts';
import { ADMIN, PARAMS, TestClock, registerNodes } from './fixture.ts';
import { seededBytes } from '../../crypto/seeded.ts';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function serve(dir: string, clock: TestClock): Promise<RunningChain> {
  const running = await runChainServer({
    dir,
    port: 0,
    params: PARAMS,
    admin: ADMIN,
    log: silentLogger,
    clock: clock.read,
    randomBytes: seededBytes(3),
  });
  cleanup.push(() => running.close());
  return running;
}

/** Collects events until `count` arrived. */
function collect(
  client: ReturnType<typeof connectChain>,
  cursor: string | null,
  count: number,
): Promise<{ events: ChainEventEnvelope[]; stop: () => void }> {
  return new Promise((resolve, reject) => {
    const events: ChainEventEnvelope[] = [];
    const stop = client.watchEvents({
      cursor,
      pollIntervalMs: 200,
      onEvent: (e) => {
        events.push(e);
        if (events.length === count) {
          stop();
          resolve({ events, stop });
        }
      },
      onError: reject,
    });
  });
}

describe('embedded chain over loopback HTTP', () => {
  it('serves reads, transactions, typed aborts and events from a cursor, across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-chain-http-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const clock = new TestClock();
    const first = await serve(dir, clock);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const admin = connectChain({ baseUrl: first.url, sender: ADMIN });

    const nodes = await registerNodes(admin, [3000n, 3000n, 3000n]);
    const change = await admin.initiateEpochChange();
    expect(change.events.map((e) => e.event.type)).toEqual([
      'EpochChangeStart',
      'CommitteeSelected',
      'EpochChangeDone',
    ]);
    const committee = (await admin.getCommittee())!;
    expect(committee.members.map((m) => m.shards.length).sort()).toEqual([3, 3, 4]);
    expect(committee.members[0].publicKey).toBeInstanceOf(Uint8Array);
    expect(await admin.getBalance(nodes[0].operator)).toBe(1_000_000_000n - 3000n);

    // Typed errors survive the wire.
    const abort = await admin.initiateEpochChange().catch((e: unknown) => e);
    expect(abort).toBeInstanceOf(MoveAbortError);
    expect(abort).toMatchObject({ module: 'epoch', constantName: 'EEpochNotOver' });
    const missing = await admin.withdraw({ stakedId: '0x1234' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ObjectNotFoundError);

    // Follow every event from the start; remember the cursor of the last one.
    const total = first.chain.allEvents.length;
    const { events } = await collect(admin, null, total);
    expect(events.map((e) => e.cursor)).toEqual(first.chain.allEvents.map((e) => e.cursor));
    expect(events[0].event.type).toBe('NodeRegistered');
    const cursor = events.at(-1)!.cursor;

    // A watcher started before the next transaction receives it (long poll), and only it.
    const waiting = collect(admin, cursor, 1);
    clock.advance(PARAMS.epochDurationMs);
    await admin.initiateEpochChange();
    const next = await waiting;
    expect(next.events[0].event.type).toBe('RewardsPaid');

    // Restart on the same directory: state, events and cursors carry over.
    await first.close();
    cleanup.pop();
    const down = await admin.getEpoch().catch((e: unknown) => e);
    expect(down).toBeInstanceOf(ChainUnavailableError);
    const second = await serve(dir, clock);
    const again = connectChain({ baseUrl: second.url, sender: ADMIN });
    expect(await again.getEpoch()).toBe(2);
    expect(await again.getEpochState()).toEqual({ kind: 'Syncing', reportedWeight: 0 });
    const resumed = await collect(again, cursor, 1);
    expect(resumed.events[0]).toEqual(next.events[0]);
    const r = await again.as(nodes[0].operator).epochSyncDone({ capId: nodes[0].capId, epoch: 2 });
    expect(r.events[0].event).toMatchObject({
      type: 'ShardsReceived',
      data: { epoch: 2, nodeId: nodes[0].nodeId },
    });
  });
});

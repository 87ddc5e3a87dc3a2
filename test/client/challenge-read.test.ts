/**
 * A client read of a blob that an open challenge round challenges (real embedded chain, four
 * real storage nodes in this process, the real Floe client). Two nodes are stopped so that the
 * round cannot close; the two that run pause the blob (503 CHALLENGE_IN_PROGRESS). A read with a
 * tiny wait budget fails with BlobChallengedError; a read with a generous one waits, and succeeds
 * once the stopped nodes are back and the round closed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FloeClient } from '../../src/client/client.ts';
import {
  AbortedError,
  BlobChallengedError,
  NotEnoughSliversError,
} from '../../src/client/errors.ts';
import { sleep } from '../../src/client/util/concurrency.ts';
import type { ProgressEvent } from '../../src/client/types.ts';
import { encodeBlob, type EncodedBlob } from '../../src/encoding/encode.ts';
import type { StorageNode } from '../../src/node/node.ts';
import { silentLogger } from '../../src/util/log.ts';
import { openFourNodes, type FourNodes } from '../node/four-nodes.ts';
import { ADMIN, USER, eventually, type NetNode } from '../node/network.ts';

describe('reading a challenged blob', () => {
  let net: FourNodes;
  let nodes: NetNode[];
  let running: (StorageNode | undefined)[];
  let client: FourNodes['client'];
  let blob: EncodedBlob;
  let data: Uint8Array;
  let floe: FloeClient;
  let round: bigint;

  const start = (i: number) => net.start(nodes[i]);
  const sliverStatus = async (n: NetNode) => (await net.sliverGet(n, blob)).status;

  beforeAll(async () => {
    net = await openFourNodes();
    ({ nodes, client } = net);
    const all = await net.startAll();
    running = all;
    data = new Uint8Array(5_000).map((_, i) => (i * 131 + 7) % 251);
    blob = await encodeBlob(data, 10);
    await net.storeBlob(blob, all);
    floe = new FloeClient({ chain: client(USER), fetch: globalThis.fetch, log: silentLogger });
    expect(await floe.read(blob.blobIdText)).toEqual(data);

    // Nodes a and b (6 of 10 shards) stop: c and d (4 shards) cannot close the round alone.
    await running[0]!.close();
    await running[1]!.close();
    running[0] = running[1] = undefined;
    net.advance(1_000n);
    round = (await client(ADMIN).openChallengeRound()).round;
    await eventually(
      async () => (await sliverStatus(nodes[2])) === 503 && (await sliverStatus(nodes[3])) === 503,
      'c and d to pause the challenged blob',
    );
  });

  afterAll(async () => {
    await Promise.all(running.map((r) => r?.close()));
    net.close();
  });

  it('fails with BlobChallengedError once a tiny wait budget is spent', async () => {
    const events: ProgressEvent[] = [];
    const err = await floe
      .read(blob.blobIdText, {
        challengeWait: { attempts: 2, initialMs: 1, maxMs: 1 },
        onProgress: (e) => events.push(e),
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BlobChallengedError);
    expect((err as BlobChallengedError).code).toBe('BLOB_CHALLENGED');
    expect((err as BlobChallengedError).retryable).toBe(true);
    expect((err as BlobChallengedError).waits).toBe(2);
    expect((err as Error).message).toMatch(/challenge round is in progress.*retry later/);
    const waits = events.filter((e) => e.phase === 'challenge-wait');
    expect(waits).toEqual([
      { phase: 'challenge-wait', done: 1, total: 2 },
      { phase: 'challenge-wait', done: 2, total: 2 },
    ]);
    // A budget of zero gives up at the first pause.
    await expect(
      floe.read(blob.blobIdText, { challengeWait: { attempts: 0 } }),
    ).rejects.toBeInstanceOf(BlobChallengedError);
  });

  it("the read's AbortSignal ends a wait", async () => {
    const controller = new AbortController();
    const reading = floe.read(blob.blobIdText, {
      signal: controller.signal,
      // A wait far longer than this test: only the signal can end it.
      challengeWait: {
        attempts: 10,
        sleep: (_ms, signal) => {
          const waiting = sleep(600_000, signal);
          controller.abort(new Error('stop'));
          return waiting;
        },
      },
    });
    await expect(reading).rejects.toBeInstanceOf(AbortedError);
  });

  it('does not wait when the paused nodes cannot make up what the others failed to send', async () => {
    // c stops too: d alone (2 shards, k1 = 4) pauses the blob, and waiting for it cannot help.
    await running[2]!.close();
    running[2] = undefined;
    const slept: number[] = [];
    const err = await floe
      .read(blob.blobIdText, {
        challengeWait: { attempts: 40, sleep: async (ms) => void slept.push(ms) },
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotEnoughSliversError);
    expect(slept).toEqual([]);
    running[2] = await start(2);
    await eventually(async () => (await sliverStatus(nodes[2])) === 503, 'c to pause the blob');
  });

  it('waits while the round is open and returns the blob once it closed', async () => {
    const waited: number[] = [];
    // The injected sleep keeps the test short; the nodes decide when the blob is served again.
    const shortSleep = (ms: number) => {
      waited.push(ms);
      return new Promise<void>((r) => setTimeout(r, 100));
    };
    const reading = floe.read(blob.blobIdText, {
      challengeWait: { attempts: 400, sleep: shortSleep },
    });
    await eventually(() => waited.length >= 1, 'the read to wait for the round');
    expect((await client(ADMIN).getChallengeRound(round))!.closed).toBe(false);
    running[0] = await start(0);
    running[1] = await start(1);
    expect(await reading).toEqual(data);
    expect((await client(ADMIN).getChallengeRound(round))!.closed).toBe(true);
    // Back-off grows between waits (jittered around 500 ms, 1 s, 2 s, ...).
    if (waited.length >= 2) expect(waited[1]).toBeGreaterThan(waited[0]);
  });

  it('the streaming read gives up the same way', async () => {
    await running[0]!.close();
    await running[1]!.close();
    running[0] = running[1] = undefined;
    net.advance(1_000n);
    await client(ADMIN).openChallengeRound();
    await eventually(
      async () => (await sliverStatus(nodes[2])) === 503 && (await sliverStatus(nodes[3])) === 503,
      'c and d to pause the blob for the next round',
    );
    const stream = await floe.readStream(blob.blobIdText, { challengeWait: { attempts: 0 } });
    const err = await (async () => {
      for await (const chunk of stream.chunks) void chunk;
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BlobChallengedError);
  });
});

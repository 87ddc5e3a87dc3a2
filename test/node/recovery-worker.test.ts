/**
 * The recovery worker retries with exponential backoff (capped) while no peer can help, and
 * rebuilds the node's slivers as soon as one can, without any request waiting on it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/util/log.ts';
import { RecoveryWorker } from '../../src/node/recovery/worker.ts';
import type { Peer } from '../../src/node/recovery/recover-sliver.ts';
import { buildServer } from '../../src/node/server/build.ts';
import { registerRecoveryRoutes } from '../../src/node/server/routes/recovery.ts';
import {
  blobOf,
  certifiedEvent,
  committeeEvent,
  inProcessNode,
  NODE_A,
  pairBodies,
  pairsOnShards,
  putMetadata,
  registeredEvent,
  tempDir,
  type InProcessNode,
} from './helpers.ts';
import { eventually } from './network.ts';

const N = 7;
const B_SHARDS = [2, 5];
const A_SHARDS = [0, 1, 3, 4, 6];

describe('recovery worker', () => {
  const dirs: ReturnType<typeof tempDir>[] = [];
  let a: InProcessNode;
  let b: InProcessNode;
  let aUrl: string;
  let aApp: ReturnType<typeof buildServer>;

  beforeAll(async () => {
    dirs.push(tempDir(), tempDir());
    a = inProcessNode({ dir: dirs[0].path, nodeId: NODE_A });
    b = inProcessNode({ dir: dirs[1].path, nodeId: '0x' + 'bb'.repeat(32) });
    // committeeEvent gives NODE_A the listed shards and NODE_B the rest.
    await a.apply(committeeEvent(1, N, A_SHARDS));
    await b.apply(committeeEvent(1, N, A_SHARDS));
    aApp = buildServer({
      ctx: a.ctx,
      maxBodyBytes: 1 << 20,
      log: silentLogger,
      extraRoutes: [registerRecoveryRoutes],
    });
    aUrl = (await aApp.listen({ host: '127.0.0.1', port: 0 })).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await aApp.close();
    await a.close();
    await b.close();
    for (const d of dirs) d.remove();
  });

  it('backs off while peers cannot help, then rebuilds the missing slivers', async () => {
    const blob = await blobOf(6000, N, 17);
    for (const node of [a, b]) {
      await node.apply(registeredEvent(blob));
      await node.apply(certifiedEvent(blob));
    }
    await putMetadata(a, blob);
    for (const p of pairsOnShards(blob, A_SHARDS)) {
      for (const axis of ['primary', 'secondary'] as const) {
        const res = await a.app.inject({
          method: 'PUT',
          url: `/v1/blobs/${blob.blobIdText}/slivers/${p}/${axis}`,
          payload: Buffer.from(pairBodies(blob, p)[axis]),
        });
        expect(res.statusCode).toBe(200);
      }
    }

    const timers: { fn: () => void; ms: number }[] = [];
    let peers: Peer[] = [];
    const worker = new RecoveryWorker(b.ctx, {
      concurrency: 1,
      initialBackoffMs: 100,
      maxBackoffMs: 400,
      fetch,
      log: silentLogger,
      peers: async () => peers,
      setTimer: (fn, ms) => {
        timers.push({ fn, ms });
        return { cancel: () => undefined };
      },
    });
    worker.start();
    worker.schedule(blob.blobId);
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      await eventually(() => timers.length > 0, 'a retry to be scheduled');
      const t = timers.shift()!;
      delays.push(t.ms);
      expect(worker.pending).toBe(1);
      if (i === 3) peers = [{ nodeId: NODE_A, url: aUrl, shards: A_SHARDS }];
      t.fn();
    }
    expect(delays).toEqual([100, 200, 400, 400]);
    await eventually(() => worker.pending === 0, 'recovery to finish');
    for (const p of pairsOnShards(blob, B_SHARDS)) {
      for (const axis of ['primary', 'secondary'] as const) {
        const res = await b.app.inject({
          method: 'GET',
          url: `/v1/blobs/${blob.blobIdText}/slivers/${p}/${axis}`,
        });
        expect(Buffer.from(res.rawPayload).equals(Buffer.from(pairBodies(blob, p)[axis]))).toBe(
          true,
        );
      }
    }
    expect(b.ctx.store.hasMetadata(blob.blobId)).toBe(true);
    await worker.stop();
  });
});

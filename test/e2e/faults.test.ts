import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive, spawnFloe, waitForReadyFile } from '../../src/localnet/processes.ts';
import { startE2eNetwork, type E2eNetwork } from './helpers.ts';

// 7 nodes over 21 shards: 3 shards each; f = 6 shards, i.e. two whole nodes may fail.
describe('a local network with f nodes killed', () => {
  let e2e: E2eNetwork;
  beforeAll(async () => {
    e2e = await startE2eNetwork(7, 21);
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('reads and stores with f node processes killed, and a killed node comes back by hand', async () => {
    const client = await e2e.client();
    const before = new Uint8Array(randomBytes(500_000));
    const stored = await client.store(before, { epochs: 3 });
    await client.drain(10_000);

    const victims = e2e.net.record.nodes.slice(0, 2);
    for (const v of victims) process.kill(v.pid!, 'SIGKILL');
    for (const v of victims) await waitUntil(() => !isAlive(v.pid!));

    expect(Buffer.from(await client.read(stored.blobId)).equals(Buffer.from(before))).toBe(true);
    const during = new Uint8Array(randomBytes(300_000));
    const second = await client.store(during, { epochs: 3 });
    expect(second.certificate!.signers.length).toBe(5);
    expect(Buffer.from(await client.read(second.blobId)).equals(Buffer.from(during))).toBe(true);

    // The supervisor did not restart them; `floe node run --config` does.
    for (const v of victims) expect(isAlive(v.pid!)).toBe(false);
    const ready = join(e2e.dir, 'nodes', victims[0].name, 'ready.json');
    await rm(ready, { force: true });
    const pid = spawnFloe(['node', 'run', '--config', victims[0].config], victims[0].log);
    const answer = await waitForReadyFile<{ url: string; pid: number }>(
      'node',
      pid,
      ready,
      victims[0].log,
      60_000,
    );
    expect(answer.pid).toBe(pid);
    expect(Buffer.from(await client.read(second.blobId)).equals(Buffer.from(during))).toBe(true);
  });
});

async function waitUntil(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 20));
}

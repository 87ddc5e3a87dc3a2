/**
 * Epochs advance on a local network of real processes (chain and node processes; the epoch
 * driver runs in the supervisor, here this test process): a blob stored for one epoch expires,
 * `floe status` and the read path report it expired, and every node drops its data. Then the
 * same network resumed in manual mode advances by hand with `floe localnet epoch`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/main.ts';
import { FloeClient } from '../../src/client/client.ts';
import { loadClientConfig } from '../../src/client/config.ts';
import { connectChain } from '../../src/client/connect.ts';
import { BlobExpiredError } from '../../src/client/errors.ts';
import type { ChainClient } from '../../src/chain/types.ts';
import { readRecord } from '../../src/localnet/state.ts';
import { startLocalnet, type RunningLocalnet } from '../../src/localnet/up.ts';
import { silentLogger } from '../../src/util/log.ts';
import { runFloe } from '../e2e/helpers.ts';

/** Polls `check` every 100 ms until it returns true; fails after `ms`. */
async function until(what: string, ms: number, check: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function clientOf(net: RunningLocalnet): Promise<{ client: FloeClient; chain: ChainClient }> {
  const config = await loadClientConfig(net.record.clientConfig);
  const chain = (await connectChain(config.chain, silentLogger)).client;
  const client = new FloeClient({ chain, fetch: globalThis.fetch, confirmationGraceMs: 50 });
  return { client, chain };
}

async function metadataStatus(url: string, blobId: string): Promise<number> {
  return (await fetch(`${url}/v1/blobs/${blobId}/metadata`)).status;
}

describe('epochs on a local network', () => {
  let dir: string | undefined;
  let net: RunningLocalnet | undefined;
  afterAll(async () => {
    await net?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the epoch driver advances epochs; a one-epoch blob expires and nodes drop it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'floe-epochs-'));
    net = await startLocalnet({
      dir,
      nodes: 4,
      shards: 8,
      epochDurationMs: 3000n,
      log: silentLogger,
      startTimeoutMs: 40_000,
    });
    expect(net.record.epochDurationMs).toBe(3000);
    const { client, chain } = await clientOf(net);
    // Store early in an epoch the driver started, so the blob is certified within its one epoch.
    const first = net.record.epoch;
    await until('the start of a driven epoch', 15_000, async () => {
      const s = await chain.getSystemState();
      return (
        s.epoch > first &&
        s.epochState.kind === 'Done' &&
        BigInt(Date.now()) - s.epochStartMs < 1000n
      );
    });
    const stored = await client.store(new Uint8Array(randomBytes(2000)), { epochs: 1 });
    const nodes = net.record.nodes;
    // At least quorum weight of nodes (3 of the 4 equal ones) holds the blob while it lives.
    const held = await Promise.all(nodes.map((n) => metadataStatus(n.url, stored.blobId)));
    expect(held.filter((s) => s === 200).length).toBeGreaterThanOrEqual(3);

    // One epoch past the blob's end: the change to endEpoch must have completed (nodes reported
    // epoch_sync_done) for the driver to start the next one.
    await until('two epoch changes', 15_000, async () => {
      const s = await client.status(stored.blobId);
      return s.currentEpoch > stored.endEpoch;
    });
    const status = await runFloe([
      '--json',
      'status',
      '--config',
      net.record.clientConfig,
      stored.blobId,
    ]);
    expect(status.code).toBe(ExitCode.ok);
    expect(JSON.parse(status.stdout.toString())).toMatchObject({
      state: 'expired',
      endEpoch: stored.endEpoch,
    });
    await expect(client.read(stored.blobId)).rejects.toBeInstanceOf(BlobExpiredError);
    await until('every node to drop the expired blob', 10_000, async () => {
      const now = await Promise.all(nodes.map((n) => metadataStatus(n.url, stored.blobId)));
      return now.every((s) => s === 404);
    });
    const record = await readRecord(dir);
    expect(record.epoch).toBeGreaterThan(stored.endEpoch);
    expect(record.nodes.flatMap((n) => n.shards).sort((a, b) => a - b)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7,
    ]);
    await client.drain(2000);
    await net.stop();
    net = undefined;
  }, 50_000);

  it('resumed without --epoch-duration, epochs change only by `floe localnet epoch`', async () => {
    expect(dir).toBeDefined();
    await net?.stop(); // left running if the test above failed
    net = await startLocalnet({ dir: dir!, log: silentLogger, startTimeoutMs: 40_000 });
    expect(net.record.epochDurationMs).toBeNull();
    const { client } = await clientOf(net);
    const stored = await client.store(new Uint8Array(randomBytes(1000)), { epochs: 1 });
    const before = (await client.status(stored.blobId)).currentEpoch;
    await new Promise((r) => setTimeout(r, 3500)); // longer than the old 3 s epochs
    expect((await client.status(stored.blobId)).currentEpoch).toBe(before);

    const advanced = await runFloe(['--json', 'localnet', 'epoch', '--dir', dir!]);
    expect(advanced.code).toBe(ExitCode.ok);
    expect(JSON.parse(advanced.stdout.toString())).toMatchObject({
      previous: before,
      epoch: before + 1,
      done: true,
    });
    expect((await client.status(stored.blobId)).state).toBe('expired');
    const status = await runFloe(['--json', 'localnet', 'status', '--dir', dir!]);
    expect(JSON.parse(status.stdout.toString())).toMatchObject({
      epoch: before + 1,
      epochDurationMs: null,
    });
    await client.drain(2000);
  }, 50_000);

  it('rejects a malformed --epoch-duration as a usage error', async () => {
    const r = await runFloe(['localnet', 'up', '--dir', '/nonexistent', '--epoch-duration', '5x']);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toContain('--epoch-duration');
  });
});

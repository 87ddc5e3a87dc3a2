import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOE_BIN, freePort } from '../../src/localnet/processes.ts';
import { startE2eNetwork, type E2eNetwork } from './helpers.ts';

describe('floe daemon as a process over a local network', () => {
  let e2e: E2eNetwork;
  let daemon: ChildProcess;
  let base: string;
  beforeAll(async () => {
    e2e = await startE2eNetwork(4, 12);
    const port = await freePort();
    daemon = spawn(
      process.execPath,
      [
        FLOE_BIN,
        '--json',
        'daemon',
        '--config',
        e2e.clientConfig,
        '--bind',
        `127.0.0.1:${port}`,
        '--max-body',
        '4M',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    // The daemon prints `{ url }` once it listens.
    base = await new Promise<string>((resolve, reject) => {
      daemon.stdout!.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()).url));
      daemon.once('exit', (code) => reject(new Error(`daemon exited with ${code}`)));
    });
  });
  afterAll(async () => {
    if (daemon && daemon.exitCode === null) {
      daemon.kill('SIGTERM');
      await new Promise((r) => daemon.once('exit', r));
    }
    await e2e?.close();
  });

  it('PUT stores, GET streams the bytes back with length and ETag', async () => {
    const data = randomBytes(1_500_000);
    const put = await fetch(`${base}/v1/blobs?epochs=2`, { method: 'PUT', body: data });
    expect(put.status).toBe(200);
    const { newlyCreated } = (await put.json()) as {
      newlyCreated: { blobId: string; objectId: string; endEpoch: number };
    };
    expect(newlyCreated.endEpoch).toBe(3);
    expect(newlyCreated.objectId).toMatch(/^0x[0-9a-f]{64}$/);

    const get = await fetch(`${base}/v1/blobs/${newlyCreated.blobId}`);
    expect(get.status).toBe(200);
    expect(get.headers.get('content-length')).toBe(String(data.length));
    expect(get.headers.get('etag')).toBe(`"${newlyCreated.blobId}"`);
    expect(Buffer.from(await get.arrayBuffer()).equals(data)).toBe(true);

    const again = await fetch(`${base}/v1/blobs?epochs=1`, { method: 'PUT', body: data });
    expect(
      ((await again.json()) as { alreadyCertified?: { blobId: string } }).alreadyCertified?.blobId,
    ).toBe(newlyCreated.blobId);
  });

  it('refuses bodies over the limit and unknown blobs with JSON errors', async () => {
    const big = await fetch(`${base}/v1/blobs?epochs=1`, {
      method: 'PUT',
      body: Buffer.alloc(4 * 1024 * 1024 + 1),
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe('BODY_TOO_LARGE');
    const missing = await fetch(`${base}/v1/blobs/${Buffer.alloc(32, 3).toString('base64url')}`);
    expect(missing.status).toBe(404);
  });
});

import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/main.ts';
import { runFloe, startE2eNetwork, type E2eNetwork } from './helpers.ts';

describe('store and read over a local network of real processes', () => {
  let e2e: E2eNetwork;
  beforeAll(async () => {
    e2e = await startE2eNetwork(4, 16);
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('round-trips blobs from 0 bytes to a few MiB', async () => {
    const client = await e2e.client();
    for (const size of [0, 1, 1023, 64 * 1024 + 7, 1 << 20, 3 * (1 << 20) + 5]) {
      const data = new Uint8Array(randomBytes(size));
      const stored = await client.store(data, { epochs: 2 });
      expect(stored.status).toBe('newlyCreated');
      expect(stored.size).toBe(size);
      const back = await client.read(stored.blobId);
      expect(back.length).toBe(size);
      expect(Buffer.from(back).equals(Buffer.from(data))).toBe(true);
    }
  });

  it('stores and reads through the floe command with --json and testable exit codes', async () => {
    const file = join(e2e.dir, 'sample.bin');
    const data = randomBytes(200_000);
    await writeFile(file, data);
    const store = await runFloe([
      '--json',
      'store',
      '--config',
      e2e.clientConfig,
      '--epochs',
      '2',
      file,
    ]);
    expect(store.code).toBe(ExitCode.ok);
    const result = JSON.parse(store.stdout.toString());
    expect(result.blobId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result.certificate.signers.length).toBeGreaterThanOrEqual(3);

    const out = join(e2e.dir, 'back.bin');
    const read = await runFloe(['read', '--config', e2e.clientConfig, result.blobId, '-o', out]);
    expect(read.code).toBe(ExitCode.ok);
    expect((await readFile(out)).equals(data)).toBe(true);

    const status = await runFloe(['--json', 'status', '--config', e2e.clientConfig, result.blobId]);
    expect(JSON.parse(status.stdout.toString()).state).toBe('certified');

    const missing = await runFloe([
      '--json',
      'read',
      '--config',
      e2e.clientConfig,
      Buffer.alloc(32, 1).toString('base64url'),
    ]);
    expect(missing.code).toBe(ExitCode.notFound);
    expect(JSON.parse(missing.stdout.toString()).error.code).toBe('BLOB_NOT_FOUND');

    const malformed = await runFloe(['read', '--config', e2e.clientConfig, 'not-a-blob']);
    expect(malformed.code).toBe(ExitCode.invalid);

    const usage = await runFloe(['store', '--config', e2e.clientConfig, '--epochs', 'x', file]);
    expect(usage.code).toBe(ExitCode.usage);
  });
});

// 64 MiB needs more shards than 16 (the largest blob grows with k1 * k2): 100 shards hold 149 MB.
describe('a 64 MiB blob over a local network of real processes', () => {
  let e2e: E2eNetwork;
  beforeAll(async () => {
    e2e = await startE2eNetwork(4, 100);
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('round-trips a 64 MiB blob, read whole and as a stream', async () => {
    const client = await e2e.client();
    const size = 64 * (1 << 20);
    const data = new Uint8Array(randomBytes(size));
    const stored = await client.store(data, { epochs: 1 });
    expect(stored.status).toBe('newlyCreated');
    expect(stored.size).toBe(size);
    const back = await client.read(stored.blobId);
    expect(Buffer.from(back).equals(Buffer.from(data))).toBe(true);
    const stream = await client.readStream(stored.blobId);
    expect(stream.size).toBe(size);
    let at = 0;
    for await (const chunk of stream.chunks) {
      expect(Buffer.from(chunk).equals(Buffer.from(data.subarray(at, at + chunk.length)))).toBe(
        true,
      );
      at += chunk.length;
    }
    expect(at).toBe(size);
  });
});

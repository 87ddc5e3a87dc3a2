import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobIdToString } from '../../src/encoding/blob-id.ts';
import { referenceBlobId, sampleBytes } from './helpers.ts';

const run = promisify(execFile);
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'floe-blob-id-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function floe(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/floe.mjs', ...args], {
      encoding: 'utf8',
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('floe blob-id (real process)', () => {
  it('prints the official blob ID for files of several sizes and shard counts', async () => {
    for (const [size, n] of [
      [0, 4],
      [1, 10],
      [100_001, 100],
      [2 * 1024 * 1024 + 1, 1000],
    ] as const) {
      const file = join(dir, `blob-${size}.bin`);
      const data = sampleBytes(size, size + 1);
      await writeFile(file, data);
      const out = await floe(['blob-id', file, '--shards', String(n)]);
      expect(out.code, out.stderr).toBe(0);
      expect(out.stdout.trim()).toBe(blobIdToString(referenceBlobId(data, n)));
    }
  });

  it('gives JSON with --json and typed failures with exit codes', async () => {
    const file = join(dir, 'small.bin');
    await writeFile(file, sampleBytes(1234, 9));
    const out = await floe(['--json', 'blob-id', file, '--shards', '7']);
    expect(out.code).toBe(0);
    const parsed = JSON.parse(out.stdout) as {
      blobId: string;
      size: number;
      shards: number;
      rootHash: string;
    };
    expect(parsed).toMatchObject({ size: 1234, shards: 7 });
    expect(parsed.blobId).toBe(blobIdToString(referenceBlobId(sampleBytes(1234, 9), 7)));
    expect(parsed.rootHash).toMatch(/^[0-9a-f]{64}$/);

    const badShards = await floe(['--json', 'blob-id', file, '--shards', '3']);
    expect(badShards.code).toBe(4);
    expect(JSON.parse(badShards.stdout).error.code).toBe('INVALID_SHARD_COUNT');
    const missing = await floe(['blob-id', join(dir, 'nope.bin')]);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain('INVALID_FILE');
  });
});

import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/main.ts';
import { FLOE_BIN, isAlive } from '../../src/localnet/processes.ts';
import { readRecord } from '../../src/localnet/state.ts';
import { runFloe } from '../e2e/helpers.ts';

/** Starts `floe localnet up` as a process and resolves with its record once it printed it. */
function up(dir: string, args: string[] = []) {
  const child = spawn(
    process.execPath,
    [FLOE_BIN, '--json', 'localnet', 'up', '--dir', dir, ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const record = new Promise<{
    nodes: Array<{ pid: number; shards: number[] }>;
    clientConfig: string;
    chain: { pid: number };
  }>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]));
    });
    child.once('exit', (code) => reject(new Error(`localnet up exited with ${code}`)));
  });
  return { child, record };
}

describe('floe localnet up / status / down / up again', () => {
  let dir: string;
  afterAll(async () => {
    if (dir) {
      await runFloe(['localnet', 'down', '--dir', dir]);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('comes up, serves the client config, stops, and resumes with all data', async () => {
    dir = await mkdtemp(join(tmpdir(), 'floe-localnet-'));
    const first = up(dir, ['--nodes', '4', '--shards', '8']);
    const rec = await first.record;
    expect(rec.nodes).toHaveLength(4);
    expect(rec.nodes.map((n) => n.shards.length).reduce((a, b) => a + b, 0)).toBe(8);
    expect((await readRecord(dir)).supervisorPid).toBe(first.child.pid);

    const file = join(dir, 'blob.bin');
    const data = randomBytes(100_000);
    await writeFile(file, data);
    const stored = await runFloe(['--json', 'store', '--config', rec.clientConfig, file]);
    expect(stored.code).toBe(ExitCode.ok);
    const { blobId } = JSON.parse(stored.stdout.toString());

    const status = await runFloe(['--json', 'localnet', 'status', '--dir', dir]);
    const s = JSON.parse(status.stdout.toString());
    expect(s.running).toBe(true);
    expect(s.nodes.every((n: { healthy: boolean }) => n.healthy)).toBe(true);

    const down = await runFloe(['localnet', 'down', '--dir', dir]);
    expect(down.code).toBe(ExitCode.ok);
    await new Promise((r) =>
      first.child.exitCode === null ? first.child.once('exit', r) : r(null),
    );
    for (const n of rec.nodes) expect(isAlive(n.pid)).toBe(false);
    expect(isAlive(rec.chain.pid)).toBe(false);

    const second = up(dir);
    const again = await second.record;
    expect(again.nodes).toHaveLength(4);
    const out = join(dir, 'back.bin');
    const read = await runFloe(['read', '--config', again.clientConfig, blobId, '-o', out]);
    expect(read.code).toBe(ExitCode.ok);
    expect((await readFile(out)).equals(data)).toBe(true);

    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));
    for (const n of again.nodes) expect(isAlive(n.pid)).toBe(false);
    expect((await readRecord(dir)).supervisorPid).toBeNull();
  });
});

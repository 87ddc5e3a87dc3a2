import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { connectChain } from '../../../src/chain/embedded/run.ts';

const ROOT = join(import.meta.dirname, '../../..');
const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Starts `floe chain run` on a free port; resolves with its JSON start line. */
function start(
  dir: string,
): Promise<{ child: ChildProcess; info: { url: string; systemId: string } }> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin/floe.mjs'), '--json', 'chain', 'run', '--dir', dir, '--port', '0'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`floe chain run exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) =>
      resolve({ child, info: JSON.parse(line) }),
    );
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('floe chain run', () => {
  it('serves the chain, shuts down cleanly on SIGTERM with a snapshot, and reopens the same chain', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-chain-cli-'));
    dirs.push(dir);
    const first = await start(dir);
    expect(first.info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = connectChain({ baseUrl: first.info.url, sender: '0xabc' });
    await client.mint({ to: '0xabc', amount: 42n });
    expect(await client.getBalance()).toBe(42n);
    const exit = exited(first.child);
    first.child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(existsSync(join(dir, 'snapshot.json'))).toBe(true);

    const second = await start(dir);
    expect(second.info.systemId).toBe(first.info.systemId);
    expect(await connectChain({ baseUrl: second.info.url, sender: '0xabc' }).getBalance()).toBe(
      42n,
    );
    second.child.kill('SIGTERM');
    expect(await exited(second.child)).toBe(0);
  });
});

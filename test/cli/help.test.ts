import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { protectDashedBlobIds } from '../../src/cli/main.ts';

describe('floe command', () => {
  it('prints its help and exits 0', () => {
    const out = execFileSync(process.execPath, ['bin/floe.mjs', '--help'], { encoding: 'utf8' });
    expect(out).toContain('Usage: floe');
  });

  it('exits 2 on an unknown subcommand', () => {
    let status = 0;
    try {
      execFileSync(process.execPath, ['bin/floe.mjs', 'no-such-command'], { stdio: 'pipe' });
    } catch (err) {
      status = (err as { status: number }).status;
    }
    expect(status).toBe(2);
  });

  it('also answers a usage error as JSON on stdout under --json', () => {
    let failure: { status: number; stdout: string } = { status: 0, stdout: '' };
    try {
      execFileSync(process.execPath, ['bin/floe.mjs', '--json', 'no-such-command'], {
        stdio: 'pipe',
        encoding: 'utf8',
      });
    } catch (err) {
      failure = err as { status: number; stdout: string };
    }
    expect(failure.status).toBe(2);
    const reply = JSON.parse(failure.stdout) as { error: { code: string; message: string } };
    expect(reply.error.code).toBe('USAGE');
    expect(reply.error.message).toContain('no-such-command');
  });

  it('takes a blob ID that starts with a dash as the blob ID, not as an option', () => {
    const id = '-' + 'A'.repeat(42);
    expect(protectDashedBlobIds(['node', 'floe', 'read', id, '-o', 'out'])).toEqual([
      'node',
      'floe',
      'read',
      '-o',
      'out',
      '--',
      id,
    ]);
    expect(protectDashedBlobIds(['node', 'floe', 'read', '--', id])).toEqual([
      'node',
      'floe',
      'read',
      '--',
      id,
    ]);
    expect(protectDashedBlobIds(['node', 'floe', 'read', '-o', 'x', 'id'])).toEqual([
      'node',
      'floe',
      'read',
      '-o',
      'x',
      'id',
    ]);
    // As a process: the command runs and fails for the missing config, not as a usage error.
    let failure: { status: number; stdout: string } = { status: 0, stdout: '' };
    try {
      execFileSync(
        process.execPath,
        ['bin/floe.mjs', '--json', 'status', id, '--config', '/nonexistent/client.json'],
        { stdio: 'pipe', encoding: 'utf8' },
      );
    } catch (err) {
      failure = err as { status: number; stdout: string };
    }
    expect(JSON.parse(failure.stdout).error.code).toBe('CLIENT_CONFIG_NOT_FOUND');
    expect(failure.status).toBe(3);
  });
});

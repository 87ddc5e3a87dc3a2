import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

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
});

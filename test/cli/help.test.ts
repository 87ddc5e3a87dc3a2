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
});

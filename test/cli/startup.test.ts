/**
 * The `floe` command loads the Sui SDK only for a command that talks to Sui: importing it costs
 * every other command (store, read, stake on the embedded chain, ...) about 0.4 s at start-up.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** A module-resolution hook that names every @mysten/sui module on stderr. */
const HOOK = `export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (r.url.includes('/@mysten/sui/')) process.stderr.write('loaded ' + r.url + '\\n');
  return r;
}`;

describe('floe start-up', () => {
  it('imports every command without loading the Sui SDK', () => {
    const script = [
      "import { register } from 'node:module';",
      `register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOK)}));`,
      "await import('./src/cli/main.ts');",
    ].join('\n');
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('@mysten/sui');
  });
});

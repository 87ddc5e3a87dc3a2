/** `registerNodeFromConfig`'s checks of its file, before any chain is contacted. */
import { describe, expect, it } from 'vitest';
import { registerNodeFromConfig } from '../../src/operator/register-config.ts';
import { exitCodeFor, ExitCode } from '../../src/cli/main.ts';
import { silentLogger } from '../../src/util/log.ts';

describe('registerNodeFromConfig', () => {
  it('names a missing config file as not found, without connecting', async () => {
    let connected = false;
    const err = await registerNodeFromConfig({
      configFile: '/nonexistent/floe-node.json',
      connect: async () => {
        connected = true;
        throw new Error('must not connect');
      },
      capacity: 1n << 30n,
      randomBytes: (n) => new Uint8Array(n),
      log: silentLogger,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NODE_CONFIG_NOT_FOUND' });
    expect((err as Error).message).toContain('/nonexistent/floe-node.json');
    expect(exitCodeFor(err)).toBe(ExitCode.notFound);
    expect(connected).toBe(false);
  });
});

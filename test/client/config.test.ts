import { describe, expect, it } from 'vitest';
import { loadClientConfig, parseClientConfig } from '../../src/client/config.ts';
import { InvalidInputError } from '../../src/util/errors.ts';

describe('client config', () => {
  it('fills defaults for the embedded chain', () => {
    const c = parseClientConfig({
      chain: { kind: 'http', url: 'http://127.0.0.1:9300', sender: '0x1' },
    });
    expect(c).toEqual({
      chain: { kind: 'http', url: 'http://127.0.0.1:9300', sender: '0x1' },
      concurrency: 64,
      confirmationGraceMs: 200,
      nodeTimeoutMs: 30_000,
    });
  });
  it('resolves Sui deployment and keystore paths against the config directory', () => {
    const c = parseClientConfig(
      { chain: { kind: 'sui', deployment: 'dep.json', keystore: '/k/sui.keystore' } },
      '/etc/floe',
    );
    expect(c.chain).toEqual({
      kind: 'sui',
      deployment: '/etc/floe/dep.json',
      keystore: '/k/sui.keystore',
    });
  });
  it('names the bad field', () => {
    expect(() => parseClientConfig({ chain: { kind: 'ftp', url: 'x' } })).toThrow(/chain.kind/);
    expect(() => parseClientConfig({ chain: { kind: 'http' } })).toThrow(InvalidInputError);
    expect(() => parseClientConfig({ chain: { kind: 'http', url: 'u' }, concurrency: 0 })).toThrow(
      /concurrency/,
    );
  });

  it('names a missing file with a typed error', async () => {
    const err = await loadClientConfig('/nonexistent/floe/client.json').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err).toMatchObject({ code: 'CLIENT_CONFIG_NOT_FOUND' });
    expect((err as Error).message).toContain('/nonexistent/floe/client.json');
  });
});

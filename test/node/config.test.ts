/**
 * The node config file: defaults, relative paths, and a typed error naming the bad field.
 */
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadNodeConfig, parseNodeConfig, readProtocolKey } from '../../src/node/config.ts';
import { tempDir } from './helpers.ts';

const base = {
  nodeId: '0x' + 'AB'.repeat(32),
  storagePath: 'data',
  protocolKeyFile: 'key',
  chain: { url: 'http://127.0.0.1:9300' },
};

describe('node config', () => {
  it('fills defaults and resolves paths against the config directory', () => {
    const c = parseNodeConfig(base, '/etc/floe');
    expect(c.nodeId).toBe('0x' + 'ab'.repeat(32));
    expect(c.storagePath).toBe('/etc/floe/data');
    expect(c.protocolKeyFile).toBe('/etc/floe/key');
    expect(c.listen).toEqual({ host: '127.0.0.1', port: 0 });
    expect(c.chain).toEqual({ kind: 'http', url: 'http://127.0.0.1:9300', pollIntervalMs: 200 });
    expect(c.metadata).toBe('full');
    expect(c.limits.maxBodyBytes).toBe(16 * 1024 * 1024);
    expect(c.readyFile).toBeUndefined();
  });

  it.each([
    [{ ...base, nodeId: '0x12' }, 'nodeId'],
    [{ ...base, listen: { port: 70000 } }, 'listen.port'],
    [{ ...base, chain: { kind: 'ftp', url: 'x' } }, 'chain.kind'],
    [{ ...base, metadata: 'tiny' }, 'metadata'],
    [{ ...base, limits: { maxBodyBytes: 10 } }, 'limits.maxBodyBytes'],
    [{ ...base, storagePath: '' }, 'storagePath'],
    [[], 'config'],
  ])('refuses a bad field (%#)', (raw, field) => {
    expect(() => parseNodeConfig(raw)).toThrow(
      expect.objectContaining({
        code: 'INVALID_NODE_CONFIG',
        message: expect.stringContaining(field),
      }),
    );
  });

  it('loads a file and reads the protocol key', async () => {
    const dir = tempDir();
    try {
      writeFileSync(`${dir.path}/node.json`, JSON.stringify({ ...base, readyFile: 'ready.json' }));
      writeFileSync(`${dir.path}/key`, '0x' + '11'.repeat(32) + '\n');
      const c = await loadNodeConfig(`${dir.path}/node.json`);
      expect(c.readyFile).toBe(`${dir.path}/ready.json`);
      expect(await readProtocolKey(c.protocolKeyFile)).toEqual(new Uint8Array(32).fill(0x11));
      writeFileSync(`${dir.path}/key`, 'zz');
      await expect(readProtocolKey(c.protocolKeyFile)).rejects.toMatchObject({
        code: 'INVALID_PROTOCOL_KEY',
      });
      writeFileSync(`${dir.path}/bad.json`, '{');
      await expect(loadNodeConfig(`${dir.path}/bad.json`)).rejects.toMatchObject({
        code: 'INVALID_NODE_CONFIG',
      });
    } finally {
      dir.remove();
    }
  });

  it('names a missing file with a typed error', async () => {
    await expect(loadNodeConfig('/nonexistent/floe/node.json')).rejects.toMatchObject({
      code: 'NODE_CONFIG_NOT_FOUND',
    });
  });
});

/**
 * `floe node register` against the embedded chain served by a real `floe chain run` process:
 * the key is generated and kept private, the node is registered with a valid proof of
 * possession and staked, the IDs land in the config file (which `floe node run` then accepts),
 * and the failures a user meets come back as clear typed errors with testable exit codes.
 */
import { randomBytes } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectChain } from '../../src/chain/embedded/run.ts';
import { ExitCode } from '../../src/cli/main.ts';
import { publicKeyOf } from '../../src/crypto/bls.ts';
import { fundAccount } from '../../src/localnet/chain-process.ts';
import { loadNodeConfig, readProtocolKey } from '../../src/node/config.ts';
import { startChainRun, type ChainRun } from './chain-run.ts';
import { runFloe } from '../e2e/helpers.ts';

const address = () => '0x' + randomBytes(32).toString('hex');

describe('floe node register on the embedded chain over loopback', () => {
  let dir: string;
  let url: string;
  let chain: ChainRun | undefined;
  beforeAll(async () => {
    chain = await startChainRun('floe-register-');
    ({ dir, url } = chain);
  });
  afterAll(async () => {
    await chain?.stop();
  });

  async function writeConfig(name: string, sender?: string): Promise<string> {
    const file = join(dir, `${name}.json`);
    await writeFile(
      file,
      JSON.stringify({
        name,
        storagePath: `${name}-data`,
        protocolKeyFile: `${name}.key`,
        listen: { host: '127.0.0.1', port: 9555 },
        chain: { kind: 'http', url, ...(sender ? { sender } : {}) },
        logLevel: 'warn',
      }),
    );
    return file;
  }

  const register = (file: string, ...extra: string[]) =>
    runFloe(['--json', 'node', 'register', '--config', file, ...extra]);
  const json = (r: { stdout: Buffer }) => JSON.parse(r.stdout.toString());

  it('generates the key, registers with a proof of possession, stakes, and records the IDs', async () => {
    const operator = address();
    await fundAccount(url, operator, 10n ** 12n);
    const file = await writeConfig('alpha', operator);
    const r = await register(file, '--stake', '1000000000', '--capacity', '64G');
    expect(r.code).toBe(ExitCode.ok);
    const out = json(r);
    expect(out).toMatchObject({ name: 'alpha', operator, keyCreated: true });

    const keyFile = join(dir, 'alpha.key');
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    const key = await readProtocolKey(keyFile);
    const config = await loadNodeConfig(file);
    expect(config).toMatchObject({ nodeId: out.nodeId, capId: out.capId, name: 'alpha' });
    expect(config.chain).toMatchObject({ kind: 'http', url, sender: operator });

    const chain = connectChain({ baseUrl: url, sender: operator });
    const node = (await chain.getNode(out.nodeId))!;
    expect(node).toMatchObject({
      name: 'alpha',
      networkAddress: 'http://127.0.0.1:9555',
      capacity: 64n << 30n,
      pendingStake: 1_000_000_000n,
    });
    expect(Buffer.from(node.publicKey).equals(Buffer.from(publicKeyOf(key)))).toBe(true);
    expect((await chain.getNodeCap(out.capId))!.nodeId).toBe(out.nodeId);
    expect((await chain.getStakedFloe(out.stakedId))!).toMatchObject({
      owner: operator,
      nodeId: out.nodeId,
      principal: 1_000_000_000n,
    });

    // Again with the same config: the node exists.
    const again = await register(file);
    expect(again.code).toBe(ExitCode.failure);
    expect(json(again).error.code).toBe('NODE_ALREADY_REGISTERED');

    // The same key under a fresh config: the key is taken, nothing is registered.
    const before = (await chain.listNodes()).length;
    const raw = JSON.parse(await readFile(file, 'utf8'));
    delete raw.nodeId;
    delete raw.capId;
    await writeFile(file, JSON.stringify(raw));
    const dup = await register(file);
    expect(dup.code).toBe(ExitCode.failure);
    expect(json(dup).error).toMatchObject({ code: 'KEY_ALREADY_REGISTERED' });
    expect(json(dup).error.message).toContain(out.nodeId);
    expect(json(dup).error.message).toContain('protocolKeyFile');
    expect((await chain.listNodes()).length).toBe(before);
  });

  it('keeps the registration in the config when the operator cannot pay the stake', async () => {
    const poor = address();
    const file = await writeConfig('beta', poor);
    const r = await register(file, '--stake', '5000');
    expect(r.code).toBe(ExitCode.failure);
    expect(json(r).error.code).toBe('INSUFFICIENT_FUNDS');
    expect(json(r).error.message).toContain(poor);
    expect(json(r).error.message).toContain('only the stake is missing');
    expect(json(r).error.message).toContain(`floe stake --node-config ${file}`);
    const config = await loadNodeConfig(file);
    const chain = connectChain({ baseUrl: url, sender: poor });
    expect((await chain.getNode(config.nodeId))!.name).toBe('beta');
  });

  it('refuses an embedded-chain config without the operator address', async () => {
    const file = await writeConfig('gamma');
    const r = await register(file);
    expect(r.code).toBe(ExitCode.invalid);
    expect(json(r).error.code).toBe('INVALID_NODE_CONFIG');
    expect(json(r).error.message).toContain('chain.sender');
  });
});

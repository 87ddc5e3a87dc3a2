/**
 * `floe stake`, `withdraw`, `stakes` and `node commission` as a user runs them: the real `floe`
 * command against the embedded chain served by a real `floe chain run` process, with a node
 * registered by `floe node register`. A delegator stakes and lists, withdraws in two steps across
 * an epoch boundary and is paid principal plus rewards; the operator collects the commission; the
 * mistakes come back as typed errors with the documented exit codes.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedChainClient } from '../../src/chain/embedded/client.ts';
import { connectChain } from '../../src/chain/embedded/run.ts';
import { ExitCode } from '../../src/cli/main.ts';
import { fundAccount } from '../../src/localnet/chain-process.ts';
import { startChainRun, type ChainRun } from './chain-run.ts';
import { runFloe, type FloeRun } from '../e2e/helpers.ts';

const address = () => '0x' + randomBytes(32).toString('hex');
const json = (r: FloeRun) => JSON.parse(r.stdout.toString());

describe('the stake holder commands against a floe chain run process', () => {
  let dir: string;
  let url: string;
  let chain: ChainRun | undefined;
  let operator: string;
  let nodeConfig: string;
  let nodeId: string;
  let capId: string;
  let admin: EmbeddedChainClient;

  /** Ends the current epoch; the one committee member reports its shards. */
  async function nextEpoch(): Promise<number> {
    await admin.initiateEpochChange();
    const epoch = await admin.getEpoch();
    if ((await admin.getEpochState()).kind !== 'Done')
      await admin.as(operator).epochSyncDone({ capId, epoch });
    expect(await admin.getEpochState()).toEqual({ kind: 'Done' });
    return epoch;
  }

  /** A funded account and a client config sending as it. */
  async function account(name: string, funds: bigint): Promise<{ sender: string; config: string }> {
    const sender = address();
    if (funds > 0n) await fundAccount(url, sender, funds);
    const config = join(dir, `${name}.client.json`);
    await writeFile(config, JSON.stringify({ chain: { kind: 'http', url, sender } }));
    return { sender, config };
  }

  beforeAll(async () => {
    // Epochs may end at any time (1 ms minimum): the test decides when.
    chain = await startChainRun('floe-staking-', ['--epoch-ms', '1']);
    ({ dir, url } = chain);
    admin = connectChain({ baseUrl: url, sender: address() });

    operator = address();
    await fundAccount(url, operator, 10n ** 12n);
    nodeConfig = join(dir, 'node.json');
    await writeFile(
      nodeConfig,
      JSON.stringify({
        name: 'alpha',
        storagePath: 'alpha-data',
        protocolKeyFile: 'alpha.key',
        listen: { host: '127.0.0.1', port: 9555 },
        chain: { kind: 'http', url, sender: operator },
        logLevel: 'warn',
      }),
    );
    const r = await runFloe([
      '--json',
      'node',
      'register',
      '--config',
      nodeConfig,
      '--stake',
      '1000000000',
      '--commission-bps',
      '1000',
    ]);
    expect(r.code, r.stderr).toBe(ExitCode.ok);
    ({ nodeId, capId } = json(r));
    expect(await nextEpoch()).toBe(1);
  });
  afterAll(async () => {
    await chain?.stop();
  });
  it('stakes with the node, lists the stake, and returns a stake that never activated at once', async () => {
    const alice = await account('alice', 10n ** 10n);
    const staked = await runFloe([
      '--json',
      'stake',
      '--node',
      nodeId,
      '--amount',
      '300000000',
      '--config',
      alice.config,
    ]);
    expect(staked.code, staked.stderr).toBe(ExitCode.ok);
    const out = json(staked);
    expect(out).toMatchObject({
      nodeId,
      amount: '300000000',
      activationEpoch: 2,
      owner: alice.sender,
    });
    expect(out.stakedId).toMatch(/^0x[0-9a-f]{64}$/);

    // Human output: the ID first, for scripts.
    const human = await runFloe(['stake', '--node', nodeId, '--amount', '5', '-c', alice.config]);
    expect(human.code, human.stderr).toBe(ExitCode.ok);
    const smallId = human.stdout.toString().split('\n')[0];
    expect(smallId).toMatch(/^0x[0-9a-f]{64}$/);
    expect(human.stdout.toString()).toContain('active from epoch 2');

    const list = await runFloe(['--json', 'stakes', '--config', alice.config]);
    expect(list.code, list.stderr).toBe(ExitCode.ok);
    const listed = json(list);
    expect(listed).toMatchObject({ owner: alice.sender, epoch: 1 });
    expect(
      listed.stakes.map((s: { stakedId: string; principal: string; status: string }) => [
        s.stakedId,
        s.principal,
        s.status,
      ]),
    ).toEqual(
      [
        [out.stakedId, '300000000', 'pending'],
        [smallId, '5', 'pending'],
      ].sort((a, b) => (a[0] < b[0] ? -1 : 1)),
    );
    expect(listed.stakes[0]).toMatchObject({ nodeId, nodeName: 'alpha' });

    const before = await admin.getBalance(alice.sender);
    const back = await runFloe(['--json', 'withdraw', '--staked', smallId, '-c', alice.config]);
    expect(back.code, back.stderr).toBe(ExitCode.ok);
    expect(json(back)).toMatchObject({ action: 'withdrawn', amount: '5', beforeActivation: true });
    expect(await admin.getBalance(alice.sender)).toBe(before + 5n);

    // Anyone's stakes by --owner; the operator's own through its node config.
    const theirs = await runFloe(['stakes', '--owner', alice.sender, '-c', alice.config]);
    expect(theirs.stdout.toString()).toContain(out.stakedId);
    expect(theirs.stdout.toString()).not.toContain(smallId);
    const ops = await runFloe(['--json', 'stakes', '--node-config', nodeConfig]);
    expect(ops.code, ops.stderr).toBe(ExitCode.ok);
    expect(json(ops)).toMatchObject({
      owner: operator,
      stakes: [{ nodeId, principal: '1000000000', status: 'active' }],
    });
  });

  it('withdraws in two steps across the boundary, paying principal plus rewards; the operator collects commission', async () => {
    const bob = await account('bob', 10n ** 10n);
    const user = await account('user', 10n ** 12n);
    const stake = await runFloe([
      '--json',
      'stake',
      '--node',
      nodeId,
      '--amount',
      '2000000000',
      '-c',
      bob.config,
    ]);
    expect(stake.code, stake.stderr).toBe(ExitCode.ok);
    const stakedId: string = json(stake).stakedId;

    // Storage bought now pays the committee at the coming boundaries.
    await admin.as(user.sender).reserveSpace({ storageSize: 1n << 30n, epochsAhead: 4 });
    const epoch = await nextEpoch();
    const requested = await runFloe(['withdraw', '--staked', stakedId, '-c', bob.config]);
    expect(requested.code, requested.stderr).toBe(ExitCode.ok);
    expect(requested.stdout.toString()).toContain(
      `requested in epoch ${epoch}; run again from epoch ${epoch + 1}`,
    );

    const early = await runFloe(['--json', 'withdraw', '--staked', stakedId, '-c', bob.config]);
    expect(early.code).toBe(ExitCode.unavailable);
    expect(json(early).error.code).toBe('WITHDRAW_NOT_READY');
    expect(json(early).error.message).toContain(`run again from epoch ${epoch + 1}`);

    expect(await nextEpoch()).toBe(epoch + 1);
    const before = await admin.getBalance(bob.sender);
    const paid = await runFloe(['--json', 'withdraw', '--staked', stakedId, '-c', bob.config]);
    expect(paid.code, paid.stderr).toBe(ExitCode.ok);
    const out = json(paid);
    expect(out).toMatchObject({ action: 'withdrawn', beforeActivation: false, owner: bob.sender });
    const amount = BigInt(out.amount);
    expect(amount).toBeGreaterThan(2_000_000_000n);
    expect(await admin.getBalance(bob.sender)).toBe(before + amount);
    expect(await admin.getStakedFloe(stakedId)).toBeNull();
    const gone = await runFloe(['--json', 'withdraw', '--staked', stakedId, '-c', bob.config]);
    expect(gone.code).toBe(ExitCode.notFound);
    expect(json(gone).error.code).toBe('STAKE_NOT_FOUND');

    const commission = (await admin.getNode(nodeId))!.commission;
    expect(commission).toBeGreaterThan(0n);
    const opBefore = await admin.getBalance(operator);
    const collected = await runFloe(['--json', 'node', 'commission', '--config', nodeConfig]);
    expect(collected.code, collected.stderr).toBe(ExitCode.ok);
    expect(json(collected)).toMatchObject({
      nodeId,
      capId,
      amount: commission.toString(),
      operator,
    });
    expect(await admin.getBalance(operator)).toBe(opBefore + commission);
    const none = await runFloe(['node', 'commission', '--config', nodeConfig]);
    expect(none.code, none.stderr).toBe(ExitCode.ok);
    expect(none.stdout.toString()).toContain('had no commission to collect');
  });

  it('answers mistakes with typed errors and their exit codes', async () => {
    const carol = await account('carol', 1000n);
    const mallory = await account('mallory', 10n ** 9n);
    const run = (...args: string[]) => runFloe(['--json', ...args]);
    const missingFile = join(dir, 'missing.json');
    const [noNode, poor, zero, noConfig, noClientFile, noNodeFile] = await Promise.all([
      run('stake', '--node', address(), '--amount', '10', '-c', carol.config),
      run('stake', '--node', nodeId, '--amount', '5000', '-c', carol.config),
      runFloe(['stake', '--node', nodeId, '--amount', '0', '-c', carol.config]),
      run('stakes'),
      run('stakes', '-c', missingFile),
      run('node', 'commission', '--config', missingFile),
    ]);
    expect([noClientFile.code, json(noClientFile).error]).toEqual([
      ExitCode.notFound,
      { code: 'CLIENT_CONFIG_NOT_FOUND', message: `client config ${missingFile} does not exist` },
    ]);
    expect([noNodeFile.code, json(noNodeFile).error.code]).toEqual([
      ExitCode.notFound,
      'NODE_CONFIG_NOT_FOUND',
    ]);
    expect([noNode.code, json(noNode).error.code]).toEqual([ExitCode.notFound, 'NODE_NOT_FOUND']);
    expect([poor.code, json(poor).error.code]).toEqual([ExitCode.failure, 'INSUFFICIENT_FUNDS']);
    expect(json(poor).error.message).toContain('need 5000, have 1000');
    expect(zero.code).toBe(ExitCode.usage);
    expect(zero.stderr).toContain('--amount');
    expect([noConfig.code, json(noConfig).error.code]).toEqual([
      ExitCode.invalid,
      'INVALID_CLIENT_CONFIG',
    ]);

    const stake = await run('stake', '--node', nodeId, '--amount', '1000', '-c', carol.config);
    const stakedId: string = json(stake).stakedId;
    /** A node config of the registered node with these cap and operator fields. */
    const nodeConfigWith = async (name: string, fields: { capId?: string; sender: string }) => {
      const file = join(dir, `${name}-node.json`);
      const { sender, ...cap } = fields;
      await writeFile(
        file,
        JSON.stringify({
          nodeId,
          ...cap,
          storagePath: 'x',
          protocolKeyFile: 'x.key',
          chain: { kind: 'http', url, sender },
        }),
      );
      return file;
    };
    const foreignCap = await nodeConfigWith('mallory', { capId, sender: mallory.sender });
    const noCap = await nodeConfigWith('nocap', { sender: operator });
    const staleCap = await nodeConfigWith('stale', { capId: address(), sender: operator });
    const [theft, missing, capTheft, capless, stale] = await Promise.all([
      run('withdraw', '--staked', stakedId, '-c', mallory.config),
      run('withdraw', '--staked', address(), '-c', carol.config),
      run('node', 'commission', '--config', foreignCap),
      run('node', 'commission', '--config', noCap),
      run('node', 'commission', '--config', staleCap),
    ]);
    expect([stale.code, json(stale).error.code]).toEqual([ExitCode.notFound, 'NODE_CAP_NOT_FOUND']);
    expect([theft.code, json(theft).error.code]).toEqual([ExitCode.failure, 'NOT_OWNER']);
    expect(json(theft).error.message).toContain(carol.sender);
    expect([missing.code, json(missing).error.code]).toEqual([
      ExitCode.notFound,
      'STAKE_NOT_FOUND',
    ]);
    expect([capTheft.code, json(capTheft).error.code]).toEqual([ExitCode.failure, 'NOT_OWNER']);
    expect([capless.code, json(capless).error.code]).toEqual([
      ExitCode.invalid,
      'INVALID_NODE_CONFIG',
    ]);
    expect(await admin.getStakedFloe(stakedId)).toMatchObject({ owner: carol.sender });
  });
});

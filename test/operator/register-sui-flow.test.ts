/**
 * `registerNodeFromConfig` for a config whose chain is Sui, through the real SuiChainClient over
 * a stand-in full node (no Sui node runs here): it reads the System (epoch, registered keys),
 * sends register_node (and stake) signed by the operator's key with a proof of possession for
 * that key's address, and records the IDs in the config; a gas shortfall reported by the node
 * comes back as INSUFFICIENT_FUNDS naming the operator.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientWithCoreApi, SuiClientTypes } from '@mysten/sui/client';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import type { Transaction } from '@mysten/sui/transactions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeRegistered, StakeAdded } from '../../src/chain/bcs.ts';
import { MoveSourceReader } from '../../src/chain/move-source.ts';
import { verify } from '../../src/crypto/bls.ts';
import { proofOfPossessionMessage } from '../../src/crypto/messages.ts';
import { OperatorFundsError } from '../../src/operator/register-node.ts';
import { registerNodeFromConfig } from '../../src/operator/register-config.ts';
import { seededBytes } from '../crypto/seeded.ts';
import { silentLogger } from '../../src/util/log.ts';
import { MoveBcs } from '../chain/sui/move-types.ts';
import { standInSuiChain, systemBytes, txSuccess } from '../chain/sui/stand-in.ts';

const PKG = '0x' + 'ab'.repeat(32);
const SYSTEM = '0x' + '5e'.repeat(32);
const NODE_ID = '0x' + '77'.repeat(32);
const CAP_ID = '0x' + 'ca'.repeat(32);
const signer = Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill(21));
const OPERATOR = signer.toSuiAddress();

let system: Uint8Array;
let dir: string;

beforeAll(async () => {
  const types = new MoveBcs((await MoveSourceReader.create()).readPackage('move/sources'));
  system = systemBytes(types, SYSTEM, 4);
  dir = await mkdtemp(join(tmpdir(), 'floe-register-sui-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A stand-in full node: the System object, and scripted answers to transactions. */
function fullNode(answer: (tx: Transaction) => SuiClientTypes.TransactionResult) {
  const sent: Transaction[] = [];
  const core = {
    getObject: async () => ({
      object: {
        objectId: SYSTEM,
        version: '9',
        digest: 'd',
        type: `${PKG}::system::System`,
        content: system,
      },
    }),
    signAndExecuteTransaction: async ({ transaction }: { transaction: Transaction }) => {
      sent.push(transaction);
      return answer(transaction);
    },
    waitForTransaction: async () => undefined,
    getBalance: async () => ({ balance: { balance: '10' } }),
  };
  const client = { core } as unknown as ClientWithCoreApi;
  return {
    chain: standInSuiChain(client, { packageId: PKG, systemObjectId: SYSTEM, signer }),
    sent,
  };
}

async function suiConfig(name: string): Promise<string> {
  const file = join(dir, `${name}.json`);
  await writeFile(
    file,
    JSON.stringify({
      name,
      storagePath: 'data',
      protocolKeyFile: `${name}.key`,
      listen: { host: '0.0.0.0', port: 9185 },
      chain: {
        kind: 'sui',
        url: 'https://fullnode.testnet.sui.io:443',
        packageId: PKG,
        systemObjectId: SYSTEM,
      },
    }),
  );
  return file;
}

describe('floe node register on Sui (stand-in full node)', () => {
  it('registers with a proof of possession for the signing address, stakes, and records the IDs', async () => {
    const registered = NodeRegistered.serialize({
      node_id: NODE_ID,
      name: 'sui-node',
      network_address: 'https://node.example',
      public_key: new Uint8Array(48),
      capacity: 1n,
      commission_bps: 0,
    }).toBytes();
    const staked = StakeAdded.serialize({
      staked_id: '0x' + '5a'.repeat(32),
      node_id: NODE_ID,
      amount: 7_000n,
      activation_epoch: 5,
    }).toBytes();
    const node = fullNode((tx) =>
      tx.getData().commands.some((c) => c.MoveCall?.function === 'register_node')
        ? txSuccess(PKG, [{ name: 'NodeRegistered', bcs: registered }], {
            sender: OPERATOR,
            created: [[CAP_ID, `${PKG}::storage_node::StorageNodeCap`]],
          })
        : txSuccess(PKG, [{ name: 'StakeAdded', bcs: staked }], { sender: OPERATOR }),
    );
    const file = await suiConfig('sui-node');
    const r = await registerNodeFromConfig({
      configFile: file,
      connect: async () => node.chain,
      capacity: 1n << 40n,
      commissionBps: 100,
      stake: 7_000n,
      url: 'https://node.example',
      randomBytes: seededBytes(3),
      log: silentLogger,
    });
    expect(r).toMatchObject({
      nodeId: NODE_ID,
      capId: CAP_ID,
      operator: OPERATOR,
      keyCreated: true,
    });
    expect(r.stakedId).toBe('0x' + '5a'.repeat(32));

    const calls = node.sent.map((t) =>
      t
        .getData()
        .commands.filter((c) => c.$kind === 'MoveCall')
        .map((c) => c.MoveCall!.function),
    );
    expect(calls).toEqual([['register_node'], ['stake']]);
    const data = node.sent[0].getData();
    expect(data.sender).toBe(OPERATOR);
    const pure = (i: number) => {
      const arg = data.commands[0].MoveCall!.arguments[i];
      const input = data.inputs[(arg as { Input: number }).Input];
      return Buffer.from(input.Pure!.bytes, 'base64').subarray(1); // drop the ULEB length
    };
    const publicKey = new Uint8Array(pure(3));
    expect(Buffer.from(publicKey).toString('hex')).toBe(r.publicKey);
    const message = proofOfPossessionMessage({ epoch: 4, sender: OPERATOR, publicKey });
    expect(verify(new Uint8Array(pure(4)), message, publicKey)).toBe(true);

    const config = JSON.parse(await readFile(file, 'utf8'));
    expect(config).toMatchObject({ nodeId: NODE_ID, capId: CAP_ID });
    expect(config.chain).toMatchObject({ kind: 'sui', packageId: PKG, sender: OPERATOR });
  });

  it('turns a gas shortfall into INSUFFICIENT_FUNDS naming the operator, and records nothing', async () => {
    const node = fullNode(() => {
      throw new Error('Insufficient gas: balance of gas object 10 is lower than the needed amount');
    });
    const file = await suiConfig('poor-node');
    const err = await registerNodeFromConfig({
      configFile: file,
      connect: async () => node.chain,
      capacity: 1n << 30n,
      url: 'https://poor.example',
      randomBytes: seededBytes(4),
      log: silentLogger,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperatorFundsError);
    expect((err as OperatorFundsError).code).toBe('INSUFFICIENT_FUNDS');
    expect((err as Error).message).toContain(OPERATOR);
    expect((err as Error).message).toContain('have 10');
    expect(JSON.parse(await readFile(file, 'utf8')).nodeId).toBeUndefined();
  });

  it('asks for --url when the config listens on every interface', async () => {
    const node = fullNode(() => {
      throw new Error('no transaction expected');
    });
    const err = await registerNodeFromConfig({
      configFile: await suiConfig('wildcard-node'),
      connect: async () => node.chain,
      capacity: 1n << 30n,
      randomBytes: seededBytes(5),
      log: silentLogger,
    }).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('INVALID_NODE_CONFIG');
    expect((err as Error).message).toContain('--url');
    expect(node.sent).toHaveLength(0);
  });
});

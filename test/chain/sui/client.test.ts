/**
 * SuiChainClient's write plumbing: each method hands the executor the right Move call with the
 * right objects, and turns the node's answer (events, effects, balance change) into the values
 * the ChainClient interface promises. The node is a stand-in returning responses in the SDK's
 * documented shapes, since no Sui node runs here; the transactions it receives are the real ones.
 */
import type { ClientWithCoreApi, SuiClientTypes } from '@mysten/sui/client';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import type { Transaction } from '@mysten/sui/transactions';
import { describe, expect, it } from 'vitest';
import {
  ChallengeRoundOpened,
  NodeRegistered,
  StakeAdded,
  StorageReserved,
} from '../../../src/chain/bcs.ts';
import { SuiChainClient, UnexpectedEffectsError } from '../../../src/chain/sui/client.ts';
import { silentLogger } from '../../../src/util/log.ts';

const PKG = '0x' + 'ab'.repeat(32);
const signer = Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill(5));
const SENDER = signer.toSuiAddress();
const id = (b: string) => '0x' + b.repeat(32);

interface Scripted {
  events?: { name: string; bcs: Uint8Array }[];
  created?: [string, string][];
  unwrapped?: [string, string][];
  delta?: bigint;
}

function node(script: Scripted) {
  const sent: ReturnType<Transaction['getData']>[] = [];
  const core = {
    signAndExecuteTransaction: async ({ transaction }: { transaction: Transaction }) => {
      sent.push(transaction.getData());
      const change = (objectId: string, idOperation: string) => ({
        objectId,
        idOperation,
        outputState: 'ObjectWrite',
        outputOwner: { $kind: 'AddressOwner', AddressOwner: SENDER },
      });
      const objectTypes = Object.fromEntries([
        ...(script.created ?? []),
        ...(script.unwrapped ?? []),
      ]);
      const tx = {
        digest: 'D',
        status: { success: true, error: null },
        balanceChanges: [
          { coinType: '0x2::sui::SUI', address: SENDER, amount: String(script.delta ?? -100n) },
        ],
        effects: {
          gasUsed: {
            computationCost: '60',
            storageCost: '50',
            storageRebate: '10',
            nonRefundableStorageFee: '0',
          },
          changedObjects: [
            ...(script.created ?? []).map(([o]) => change(o, 'Created')),
            ...(script.unwrapped ?? []).map(([o]) => change(o, 'None')),
          ],
        },
        events: (script.events ?? []).map((e) => ({
          eventType: `${PKG}::events::${e.name}`,
          bcs: e.bcs,
        })),
        objectTypes,
      };
      return {
        $kind: 'Transaction',
        Transaction: tx,
      } as unknown as SuiClientTypes.TransactionResult;
    },
    waitForTransaction: async () => undefined,
  };
  const chain = new SuiChainClient({
    deployment: {
      network: 'localnet',
      rpcUrl: 'http://127.0.0.1:9000',
      packageId: PKG,
      systemObjectId: id('5e'),
      systemInitialSharedVersion: '3',
      randomInitialSharedVersion: '2',
    },
    signer,
    logger: silentLogger,
    client: { core } as unknown as ClientWithCoreApi,
  });
  const calls = () =>
    sent.map((d) =>
      d.commands
        .filter((c) => c.$kind === 'MoveCall')
        .map((c) => `${c.MoveCall!.module}::${c.MoveCall!.function}`),
    );
  return { chain, calls, sent };
}

describe('SuiChainClient writes', () => {
  it('registerNode returns the created cap and the node ID of NodeRegistered', async () => {
    const event = NodeRegistered.serialize({
      node_id: id('77'),
      name: 'n',
      network_address: 'a',
      public_key: new Uint8Array(48),
      capacity: 1n,
      commission_bps: 0,
    }).toBytes();
    const { chain, calls } = node({
      events: [{ name: 'NodeRegistered', bcs: event }],
      created: [[id('ca'), `${PKG}::storage_node::StorageNodeCap`]],
    });
    const r = await chain.registerNode({
      name: 'n',
      networkAddress: 'a',
      publicKey: new Uint8Array(48),
      proofOfPossession: new Uint8Array(96),
      capacity: 1n,
      commissionBps: 0,
    });
    expect(r).toMatchObject({ digest: 'D', capId: id('ca'), nodeId: id('77') });
    expect(r.events[0].event.type).toBe('NodeRegistered');
    expect(calls()).toEqual([['storage_node::register_node']]);
  });

  it('stake returns the StakedFloe of StakeAdded; reserveSpace returns storage and cost net of gas', async () => {
    const staked = StakeAdded.serialize({
      staked_id: id('5a'),
      node_id: id('77'),
      amount: 10n,
      activation_epoch: 1,
    }).toBytes();
    expect(
      (
        await node({ events: [{ name: 'StakeAdded', bcs: staked }] }).chain.stake({
          nodeId: id('77'),
          amount: 10n,
        })
      ).stakedId,
    ).toBe(id('5a'));
    const reserved = StorageReserved.serialize({
      storage_id: id('57'),
      start_epoch: 1,
      end_epoch: 3,
      storage_size: 5n,
    }).toBytes();
    // Paid 1000 for storage plus 100 of gas: the sender's balance moved by -1100.
    const r = await node({
      events: [{ name: 'StorageReserved', bcs: reserved }],
      delta: -1100n,
    }).chain.reserveSpace({ storageSize: 5n, epochsAhead: 2 });
    expect(r).toMatchObject({ storageId: id('57'), cost: 1000n });
  });

  it('deleteBlob returns the storage the blob released; collectCommission the coin received', async () => {
    const del = node({ unwrapped: [[id('57'), `${PKG}::storage_resource::Storage`]] });
    expect((await del.chain.deleteBlob({ blobObjectId: id('b1') })).storageId).toBe(id('57'));
    expect(del.calls()).toEqual([['blob_ops::delete_blob']]);
    // Received 500, paid 100 gas: net +400.
    expect((await node({ delta: 400n }).chain.collectCommission({ capId: id('ca') })).amount).toBe(
      500n,
    );
  });

  it('openChallengeRound returns the round of ChallengeRoundOpened, with System, Random and Clock shared', async () => {
    const opened = ChallengeRoundOpened.serialize({
      epoch: 2,
      round: 9n,
      seed: new Uint8Array(32),
    }).toBytes();
    const n = node({ events: [{ name: 'ChallengeRoundOpened', bcs: opened }] });
    expect((await n.chain.openChallengeRound()).round).toBe(9n);
    const shared = n.sent[0].inputs
      .filter((i) => i.$kind === 'Object')
      .map((i) => i.Object!.SharedObject?.objectId);
    expect(shared).toEqual([id('5e'), '0x' + '0'.repeat(63) + '8', '0x' + '0'.repeat(63) + '6']);
  });

  it('a success without the promised event means package and adapter disagree', async () => {
    await expect(node({}).chain.stake({ nodeId: id('77'), amount: 1n })).rejects.toBeInstanceOf(
      UnexpectedEffectsError,
    );
  });
});

/**
 * The stake holder's steps for a Sui account, through the real SuiChainClient over a stand-in
 * full node (no Sui node runs here): the System (its epoch) and StakedFloe objects are encoded
 * independently from the Move sources, transactions are answered with the events Move emits.
 * Each withdraw call sends the one Move call the stake's state allows, signed by the holder's
 * key, or none at all when the answer is already known (not ready, not the owner, gone).
 */
import type { ClientWithCoreApi, SuiClientTypes } from '@mysten/sui/client';
import { ObjectError } from '@mysten/sui/client';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import type { Transaction } from '@mysten/sui/transactions';
import { normalizeStructTag } from '@mysten/sui/utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { StakeWithdrawn, WithdrawRequested } from '../../src/chain/bcs.ts';
import { MoveSourceReader } from '../../src/chain/move-source.ts';
import { NotOwnerError, WithdrawNotReadyError } from '../../src/operator/staking-errors.ts';
import { listStakes, withdrawStep } from '../../src/operator/staking.ts';
import { MoveBcs } from '../chain/sui/move-types.ts';
import { standInSuiChain, systemBytes, txSuccess } from '../chain/sui/stand-in.ts';

const PKG = '0x' + 'ab'.repeat(32);
const SYSTEM = '0x' + '5e'.repeat(32);
const NODE_ID = '0x' + '77'.repeat(32);
const signer = Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill(33));
const HOLDER = signer.toSuiAddress();
const OTHER = '0x' + '0f'.repeat(32);
const STAKED_TYPE = `${PKG}::staking_pool::StakedFloe`;

let types: MoveBcs;

interface Staked {
  id: string;
  owner: string;
  principal: bigint;
  activation: number;
  withdraw: number | null;
}

beforeAll(async () => {
  types = new MoveBcs((await MoveSourceReader.create()).readPackage('move/sources'));
});

function stakedBytes(s: Staked): Uint8Array {
  return types
    .type('StakedFloe')
    .serialize({
      id: { id: s.id },
      node_id: NODE_ID,
      principal: s.principal.toString(),
      activation_epoch: s.activation,
      withdraw_epoch: s.withdraw,
    })
    .toBytes();
}

/** A stand-in full node holding the System at `epoch` and `stakes`; answers calls as Move would. */
function fullNode(epoch: number, stakes: Staked[]) {
  const sent: Transaction[] = [];
  const object = (s: Staked) => ({
    objectId: s.id,
    version: '9',
    digest: 'd',
    type: STAKED_TYPE,
    owner: { $kind: 'AddressOwner', AddressOwner: s.owner },
    content: stakedBytes(s),
  });
  const core = {
    getObject: async ({ objectId }: { objectId: string }) => {
      if (objectId === SYSTEM)
        return {
          object: {
            objectId: SYSTEM,
            version: '9',
            digest: 'd',
            type: `${PKG}::system::System`,
            owner: { $kind: 'Shared', Shared: { initialSharedVersion: '3' } },
            content: systemBytes(types, SYSTEM, epoch),
          },
        };
      const s = stakes.find((x) => x.id === objectId);
      if (s === undefined)
        throw new ObjectError('notFound', `object ${objectId} not found`, {
          reason: 'notFound',
          objectId,
        });
      return { object: object(s) };
    },
    listOwnedObjects: async (o: SuiClientTypes.ListOwnedObjectsOptions) => ({
      objects: stakes
        .filter((s) => s.owner === o.owner && o.type === normalizeStructTag(STAKED_TYPE))
        .map(object),
      hasNextPage: false,
      cursor: null,
    }),
    signAndExecuteTransaction: async ({ transaction }: { transaction: Transaction }) => {
      sent.push(transaction);
      const fn = moveCalls(transaction)[0];
      const staked = stakes[0];
      if (fn === 'request_withdraw')
        return txSuccess(PKG, [
          {
            name: 'WithdrawRequested',
            bcs: WithdrawRequested.serialize({
              staked_id: staked.id,
              node_id: NODE_ID,
              withdraw_epoch: epoch + 1,
            }).toBytes(),
          },
        ]);
      if (fn === 'withdraw')
        return txSuccess(PKG, [
          {
            name: 'StakeWithdrawn',
            bcs: StakeWithdrawn.serialize({
              staked_id: staked.id,
              node_id: NODE_ID,
              amount: staked.principal + 1234n,
            }).toBytes(),
          },
        ]);
      throw new Error(`unexpected call ${fn}`);
    },
    waitForTransaction: async () => undefined,
  };
  const client = { core } as unknown as ClientWithCoreApi;
  const chain = standInSuiChain(client, { packageId: PKG, systemObjectId: SYSTEM, signer });
  return { chain, sent };
}

function moveCalls(tx: Transaction): string[] {
  return tx
    .getData()
    .commands.filter((c) => c.$kind === 'MoveCall')
    .map((c) => c.MoveCall!.function);
}

const ID_A = '0x' + 'a1'.repeat(32);

describe('withdrawing a stake on Sui (stand-in full node)', () => {
  it('requests the withdrawal of an active stake, signed by the holder', async () => {
    const node = fullNode(4, [
      { id: ID_A, owner: HOLDER, principal: 9000n, activation: 3, withdraw: null },
    ]);
    const step = await withdrawStep(node.chain, ID_A);
    expect(step).toMatchObject({ action: 'requested', readyEpoch: 5, currentEpoch: 4 });
    expect(node.sent.map(moveCalls)).toEqual([['request_withdraw']]);
    const data = node.sent[0].getData();
    expect(data.sender).toBe(HOLDER);
    const call = data.commands.find((c) => c.$kind === 'MoveCall')!.MoveCall!;
    expect(call.module).toBe('staking_pool');
    // The System (shared, mutable) and the stake (an owned object the full node resolves).
    const inputs = call.arguments.map((a) => data.inputs[(a as { Input: number }).Input]);
    expect(
      inputs.map((i) => i.Object?.SharedObject?.objectId ?? i.UnresolvedObject?.objectId),
    ).toEqual([SYSTEM, ID_A]);
  });

  it('refuses before the boundary without a transaction, and pays out from it on', async () => {
    const requested = { id: ID_A, owner: HOLDER, principal: 9000n, activation: 3, withdraw: 5 };
    const early = fullNode(4, [requested]);
    const err = await withdrawStep(early.chain, ID_A).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WithdrawNotReadyError);
    expect(err).toMatchObject({ readyEpoch: 5, currentEpoch: 4 });
    expect(early.sent).toHaveLength(0);

    const ready = fullNode(5, [requested]);
    const step = await withdrawStep(ready.chain, ID_A);
    expect(step).toMatchObject({ action: 'withdrawn', amount: 10_234n, beforeActivation: false });
    expect(ready.sent.map(moveCalls)).toEqual([['withdraw']]);
  });

  it('pays a stake that never activated in one call', async () => {
    const node = fullNode(4, [
      { id: ID_A, owner: HOLDER, principal: 50n, activation: 5, withdraw: null },
    ]);
    expect(await withdrawStep(node.chain, ID_A)).toMatchObject({
      action: 'withdrawn',
      beforeActivation: true,
    });
    expect(node.sent.map(moveCalls)).toEqual([['withdraw']]);
  });

  it("sends nothing for another account's stake or a missing one", async () => {
    const node = fullNode(4, [
      { id: ID_A, owner: OTHER, principal: 50n, activation: 3, withdraw: null },
    ]);
    const err = await withdrawStep(node.chain, ID_A).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotOwnerError);
    expect((err as Error).message).toContain(OTHER);
    await expect(withdrawStep(node.chain, '0x' + 'ee'.repeat(32))).rejects.toMatchObject({
      code: 'STAKE_NOT_FOUND',
    });
    expect(node.sent).toHaveLength(0);
  });

  it("lists the holder's stakes with their status in the current epoch", async () => {
    const node = fullNode(4, [
      { id: ID_A, owner: HOLDER, principal: 1n, activation: 5, withdraw: null },
      { id: '0x' + 'a2'.repeat(32), owner: HOLDER, principal: 2n, activation: 2, withdraw: 4 },
      { id: '0x' + 'a3'.repeat(32), owner: OTHER, principal: 3n, activation: 2, withdraw: null },
    ]);
    const r = await listStakes(node.chain);
    expect(r).toMatchObject({ owner: HOLDER, epoch: 4 });
    expect(r.stakes.map((s) => [s.principal, s.status, s.nodeName])).toEqual([
      [2n, 'withdrawable', null],
      [1n, 'pending', null],
    ]);
  });
});

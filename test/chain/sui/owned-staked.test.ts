/**
 * `listOwnedStaked` on the Sui adapter, offline: a core client that pages owned objects the way a
 * full node does (filtered by the requested type, `cursor`/`hasNextPage`), holding StakedFloe
 * objects encoded independently from the Move struct definitions. Checks the type filter the
 * adapter asks for, paging to the end, the BCS decoding (both `withdraw_epoch` cases) and the
 * owner conversion.
 */
import type { SuiClientTypes } from '@mysten/sui/client';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { normalizeStructTag } from '@mysten/sui/utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { MoveSourceReader } from '../../../src/chain/move-source.ts';
import { SuiStateReader } from '../../../src/chain/sui/reader.ts';
import { MoveBcs } from './move-types.ts';
import { ownedObjectIndex, type OwnedObject } from './owned-objects.ts';
import { standInSuiChain } from './stand-in.ts';

const PKG = '0x' + 'aa'.repeat(32);
const SYSTEM = '0x' + 'bb'.repeat(32);
const ALICE = '0x' + '0a'.repeat(32);
const BOB = '0x' + '0b'.repeat(32);
const NODE = '0x' + 'c1'.repeat(32);
/** The client's signer; its address is the default owner. */
const SIGNER = Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill(7));
const CAROL = SIGNER.toSuiAddress();
const STAKED_TYPE = `${PKG}::staking_pool::StakedFloe`;

let types: MoveBcs;
const objects: OwnedObject[] = [];
const calls: SuiClientTypes.ListOwnedObjectsOptions[] = [];

function stakedBytes(
  id: string,
  principal: bigint,
  activation: number,
  withdraw: number | null,
): Uint8Array {
  return types
    .type('StakedFloe')
    .serialize({
      id: { id },
      node_id: NODE,
      principal: principal.toString(),
      activation_epoch: activation,
      withdraw_epoch: withdraw,
    })
    .toBytes();
}

const fakeClient = () => ownedObjectIndex(objects, calls);

const idOf = (i: number) => '0x' + String(i).padStart(2, '0').repeat(32);

beforeAll(async () => {
  types = new MoveBcs((await MoveSourceReader.create()).readPackage('move/sources'));
  // Alice: three stakes, the last with a withdrawal requested for epoch 9.
  for (let i = 1; i <= 3; i++) {
    objects.push({
      objectId: idOf(i),
      type: STAKED_TYPE,
      owner: ALICE,
      content: stakedBytes(idOf(i), BigInt(i) * 1_000_000n, i + 1, i === 3 ? 9 : null),
    });
  }
  objects.push({
    objectId: idOf(8),
    type: STAKED_TYPE,
    owner: CAROL,
    content: stakedBytes(idOf(8), 77n, 3, 4),
  });
  // Bob's stake, and a same-named struct of another package owned by Alice.
  objects.push({
    objectId: idOf(6),
    type: STAKED_TYPE,
    owner: BOB,
    content: stakedBytes(idOf(6), 42n, 1, null),
  });
  objects.push({
    objectId: idOf(7),
    type: `0x${'99'.repeat(32)}::staking_pool::StakedFloe`,
    owner: ALICE,
    content: stakedBytes(idOf(7), 5n, 1, null),
  });
});

describe('listOwnedStaked on Sui', () => {
  it('pages through every StakedFloe of the package the owner holds and decodes it', async () => {
    calls.length = 0;
    const reader = new SuiStateReader(fakeClient(), PKG, SYSTEM);
    const list = await reader.ownedStaked(ALICE);
    expect(list.map((s) => s.stakedId)).toEqual([idOf(1), idOf(2), idOf(3)]);
    expect(list[0]).toEqual({
      stakedId: idOf(1),
      owner: ALICE,
      nodeId: NODE,
      principal: 1_000_000n,
      activationEpoch: 2,
      withdrawEpoch: null,
    });
    expect(list[2]).toMatchObject({ principal: 3_000_000n, activationEpoch: 4, withdrawEpoch: 9 });
    // Two pages of two, each asking for this package's StakedFloe type with content.
    expect(calls.map((c) => c.cursor ?? null)).toEqual([null, '2']);
    for (const c of calls) {
      expect(c.owner).toBe(ALICE);
      expect(c.type).toBe(normalizeStructTag(STAKED_TYPE));
      expect(c.include).toEqual({ content: true });
    }
  });

  it('answers through the ChainClient for the sender by default, and empty for an owner with none', async () => {
    const chain = standInSuiChain(fakeClient(), {
      packageId: PKG,
      systemObjectId: SYSTEM,
      signer: SIGNER,
    });
    expect(chain.sender).toBe(CAROL);
    expect(await chain.listOwnedStaked()).toEqual([
      {
        stakedId: idOf(8),
        owner: CAROL,
        nodeId: NODE,
        principal: 77n,
        activationEpoch: 3,
        withdrawEpoch: 4,
      },
    ]);
    expect(await chain.listOwnedStaked(BOB)).toEqual([
      {
        stakedId: idOf(6),
        owner: BOB,
        nodeId: NODE,
        principal: 42n,
        activationEpoch: 1,
        withdrawEpoch: null,
      },
    ]);
    expect(await chain.listOwnedStaked('0x' + '0c'.repeat(32))).toEqual([]);
  });
});

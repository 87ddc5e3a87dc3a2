/**
 * `listOwnedStorage` on the Sui adapter, offline: a core client that pages owned objects the way
 * a full node does (filtered by the requested type, `cursor`/`hasNextPage`), holding Storage
 * objects encoded independently from the Move struct definitions. Checks the type filter the
 * adapter asks for, paging to the end, the BCS decoding and the owner conversion.
 */
import type { SuiClientTypes } from '@mysten/sui/client';
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
const STORAGE_TYPE = `${PKG}::storage_resource::Storage`;

let types: MoveBcs;
const objects: OwnedObject[] = [];
const calls: SuiClientTypes.ListOwnedObjectsOptions[] = [];

function storageBytes(id: string, start: number, end: number, size: bigint): Uint8Array {
  return types
    .type('Storage')
    .serialize({ id: { id }, start_epoch: start, end_epoch: end, storage_size: size.toString() })
    .toBytes();
}

const fakeClient = () => ownedObjectIndex(objects, calls);

beforeAll(async () => {
  types = new MoveBcs((await MoveSourceReader.create()).readPackage('move/sources'));
  for (let i = 1; i <= 5; i++) {
    const id = '0x' + String(i).padStart(2, '0').repeat(32);
    objects.push({
      objectId: id,
      type: STORAGE_TYPE,
      owner: ALICE,
      content: storageBytes(id, i, i + 3, BigInt(i) * 1000n),
    });
  }
  // Bob's resource, and a same-named struct of another package owned by Alice.
  const bobs = '0x' + '66'.repeat(32);
  objects.push({
    objectId: bobs,
    type: STORAGE_TYPE,
    owner: BOB,
    content: storageBytes(bobs, 1, 2, 7n),
  });
  const other = '0x' + '77'.repeat(32);
  objects.push({
    objectId: other,
    type: `0x${'99'.repeat(32)}::storage_resource::Storage`,
    owner: ALICE,
    content: storageBytes(other, 1, 2, 9n),
  });
});

describe('listOwnedStorage on Sui', () => {
  it('pages through every Storage of the package the owner holds and decodes it', async () => {
    calls.length = 0;
    const reader = new SuiStateReader(fakeClient(), PKG, SYSTEM);
    const list = await reader.ownedStorage(ALICE);
    expect(list.map((s) => s.storageId)).toEqual(
      [1, 2, 3, 4, 5].map((i) => '0x' + String(i).padStart(2, '0').repeat(32)),
    );
    expect(list[2]).toEqual({
      storageId: '0x' + '03'.repeat(32),
      owner: ALICE,
      startEpoch: 3,
      endEpoch: 6,
      storageSize: 3000n,
    });
    // Three pages of two, each asking for this package's Storage type with content.
    expect(calls).toHaveLength(3);
    expect(calls.map((c) => c.cursor ?? null)).toEqual([null, '2', '4']);
    for (const c of calls) {
      expect(c.type).toBe(normalizeStructTag(STORAGE_TYPE));
      expect(c.include).toEqual({ content: true });
    }
  });

  it('answers through the ChainClient for a given owner, and empty for an owner with none', async () => {
    const chain = standInSuiChain(fakeClient(), {
      packageId: PKG,
      systemObjectId: SYSTEM,
    });
    expect(await chain.listOwnedStorage(BOB)).toEqual([
      {
        storageId: '0x' + '66'.repeat(32),
        owner: BOB,
        startEpoch: 1,
        endEpoch: 2,
        storageSize: 7n,
      },
    ]);
    expect(await chain.listOwnedStorage('0x' + '0c'.repeat(32))).toEqual([]);
  });
});

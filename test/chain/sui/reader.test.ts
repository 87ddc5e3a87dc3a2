/**
 * SuiStateReader over an in-memory object store that answers getObject/getObjects the way a full
 * node does (BCS content, owner, type; ObjectError for a missing ID). The objects are encoded
 * independently from the Move struct definitions, so this checks the reader's slicing of dynamic
 * fields, its derivation of field IDs and its conversions into the interface's types.
 */
import { bcs } from '@mysten/bcs';
import { ObjectError, type ClientWithCoreApi, type SuiClientTypes } from '@mysten/sui/client';
import { deriveDynamicFieldID } from '@mysten/sui/utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { MoveSourceReader } from '../../../src/chain/move-source.ts';
import { idToBytes } from '../../../src/chain/ids.ts';
import { SuiStateReader } from '../../../src/chain/sui/reader.ts';
import { BlobRegistered, CommitteeSelected } from '../../../src/chain/bcs.ts';
import { MoveBcs } from './move-types.ts';

const PKG = '0x' + 'aa'.repeat(32);
const SYSTEM = '0x' + 'bb'.repeat(32);
const POOLS = '0x' + '77'.repeat(32);
const INVALID = '0x' + '78'.repeat(32);
const OWNER = '0x' + '0c'.repeat(32);
const N1 = '0x' + '11'.repeat(32);
const N2 = '0x' + '22'.repeat(32);

/** Sample values as @mysten/bcs takes them, edited field by field. */
type Loose = Record<string, unknown> & { inner?: Loose };

type Stored = { type: string; content: Uint8Array; owner: SuiClientTypes.ObjectOwner };

class ObjectStore {
  readonly objects = new Map<string, Stored>();
  /** Events by full type, oldest first; listed one per page so that paging is exercised. */
  readonly events = new Map<string, Uint8Array[]>();
  get(objectId: string) {
    const o = this.objects.get(objectId);
    if (o === undefined)
      return new ObjectError('notFound', `object ${objectId} not found`, {
        reason: 'notFound',
        objectId,
      });
    return { objectId, version: '1', digest: 'x', ...o };
  }
  client(): ClientWithCoreApi {
    const core = {
      getObject: async ({ objectId }: { objectId: string }) => {
        const o = this.get(objectId);
        if (o instanceof Error) throw o;
        return { object: o };
      },
      getObjects: async ({ objectIds }: { objectIds: string[] }) => ({
        objects: objectIds.map((id) => this.get(id)),
      }),
      listEvents: async (o: SuiClientTypes.ListEventsOptions) => {
        const all = this.events.get((o.filter as { eventType: string }).eventType) ?? [];
        const descending = o.order === 'descending' || o.before != null;
        const order = descending ? [...all.keys()].reverse() : [...all.keys()];
        const from =
          o.after != null
            ? order.indexOf(Number(o.after)) + 1
            : o.before != null
              ? order.indexOf(Number(o.before)) + 1
              : 0;
        const i = order[from];
        const events =
          i === undefined
            ? []
            : [{ bcs: all[i], eventType: 'x', transactionDigest: `t${i}`, eventIndex: 0 }];
        return {
          events,
          hasNextPage: from + 1 < order.length,
          startCursor: null,
          endCursor: i === undefined ? null : String(i),
        };
      },
    };
    return { core } as unknown as ClientWithCoreApi;
  }
}

let types: MoveBcs;
const store = new ObjectStore();
const keyOf = (n: number) => Array.from({ length: 48 }, (_, i) => (n + i) % 256);

function pool(nodeId: string, name: string, key: number, stake: bigint) {
  const p = types.sample('StakingPool', 3) as Loose;
  p.node_id = nodeId;
  p.info = { name, network_address: `${name}:9000`, public_key: keyOf(key), capacity: '1000' };
  p.active_stake = stake.toString();
  p.stake = { value: (stake + 5n).toString() };
  p.absences = 2;
  p.forfeit = true;
  return types.type('StakingPool').serialize(p).toBytes();
}

beforeAll(async () => {
  types = new MoveBcs((await MoveSourceReader.create()).readPackage('move/sources'));
  const system = types.sample('System', 1) as Loose;
  const inner = system.inner!;
  system.id = { id: SYSTEM };
  system.version = '1';
  inner.epoch = 5;
  inner.epoch_state = { Syncing: { reported_weight: 7 } };
  inner.accounting = { first_epoch: 4, used: ['100', '200', '300'], rewards: ['0', '0', '0'] };
  inner.committee = { epoch: 5, members: [N1, N2], shards: [[0, 1], [2]], n_shards: 3 };
  inner.pools = { id: { id: POOLS }, size: '2' };
  inner.invalidated = { id: { id: INVALID }, size: '1' };
  inner.node_ids = [N2, N1];
  inner.next_round = '3';
  const round = (n: number) => ({
    epoch: 5,
    round: String(n),
    seed: [1, 2],
    certified: [N1],
    certified_weight: 2,
    closed: n === 1,
  });
  inner.current_round = round(2);
  inner.previous_round = round(1);
  store.objects.set(SYSTEM, {
    type: `${PKG}::system::System`,
    content: types.type('System').serialize(system).toBytes(),
    owner: { $kind: 'Shared', Shared: { initialSharedVersion: '3' } } as never,
  });

  for (const [id, name, key, stake] of [
    [N1, 'one', 1, 10n],
    [N2, 'two', 2, 20n],
  ] as const) {
    const fieldId = deriveDynamicFieldID(POOLS, '0x2::object::ID', idToBytes(id));
    const content = Uint8Array.of(
      ...idToBytes(fieldId),
      ...idToBytes(id),
      ...pool(id, name, key, stake),
    );
    store.objects.set(fieldId, {
      type: 'field',
      content,
      owner: { $kind: 'ObjectOwner', ObjectOwner: POOLS } as never,
    });
  }
  const invalidField = deriveDynamicFieldID(INVALID, 'u256', bcs.u256().serialize(42n).toBytes());
  store.objects.set(invalidField, {
    type: 'field',
    content: new Uint8Array(65),
    owner: { $kind: 'ObjectOwner', ObjectOwner: INVALID } as never,
  });

  const blob = types.sample('Blob', 2) as Loose;
  blob.id = { id: '0x' + 'b1'.repeat(32) };
  blob.certified_epoch = 4;
  store.objects.set('0x' + 'b1'.repeat(32), {
    type: `${PKG}::blob::Blob`,
    content: types.type('Blob').serialize(blob).toBytes(),
    owner: { $kind: 'AddressOwner', AddressOwner: OWNER } as never,
  });
  store.events.set(
    `${PKG}::events::CommitteeSelected`,
    [3, 4].map((epoch) =>
      CommitteeSelected.serialize({
        epoch,
        members: [N2],
        shards: [[0, 1, 2]],
        rotated: 0n,
      }).toBytes(),
    ),
  );
  const registered = (objectId: string, blobId: bigint) =>
    BlobRegistered.serialize({
      epoch: 4,
      blob_id: blobId,
      size: 1n,
      encoding_type: 1,
      end_epoch: 9,
      deletable: true,
      object_id: objectId,
    }).toBytes();
  store.events.set(`${PKG}::events::BlobRegistered`, [
    registered('0x' + 'b1'.repeat(32), BigInt(blob.blob_id as string)),
    registered('0x' + 'b4'.repeat(32), BigInt(blob.blob_id as string)),
    registered('0x' + 'b5'.repeat(32), 77n),
  ]);
  store.objects.set('0x' + 'b2'.repeat(32), {
    type: `0x${'99'.repeat(32)}::blob::Blob`,
    content: types.type('Blob').serialize(blob).toBytes(),
    owner: { $kind: 'AddressOwner', AddressOwner: OWNER } as never,
  });
});

describe('SuiStateReader', () => {
  const reader = () => new SuiStateReader(store.client(), PKG, SYSTEM);

  it('reads the system state', async () => {
    const s = await reader().systemState();
    expect(s).toMatchObject({
      systemId: SYSTEM,
      epoch: 5,
      epochState: { kind: 'Syncing', reportedWeight: 7 },
      usedCapacity: 200n,
      latestRound: 2n,
    });
  });

  it('reads pools from the pool table and lists nodes by ID', async () => {
    const node = await reader().node(N2);
    expect(node).toMatchObject({
      nodeId: N2,
      name: 'two',
      networkAddress: 'two:9000',
      activeStake: 20n,
      stakeBalance: 25n,
      absences: 2,
      forfeit: true,
    });
    expect(node!.publicKey).toEqual(Uint8Array.from(keyOf(2)));
    expect((await reader().listNodes()).map((n) => n.nodeId)).toEqual([N1, N2]);
    expect(await reader().node('0x' + '33'.repeat(32))).toBeNull();
  });

  it('reads the current committee with member keys from the pools', async () => {
    const c = (await reader().committee())!;
    expect(c.epoch).toBe(5);
    expect(c.members.map((m) => [m.nodeId, m.shards])).toEqual([
      [N1, [0, 1]],
      [N2, [2]],
    ]);
    expect(c.members[0].publicKey).toEqual(Uint8Array.from(keyOf(1)));
    expect(await reader().committee(6)).toBeNull();
  });

  it('recovers a past committee from its CommitteeSelected event, paging backwards', async () => {
    const c = (await reader().committee(3))!;
    expect(c).toMatchObject({ epoch: 3, nShards: 3 });
    expect(c.members.map((m) => [m.nodeId, m.shards])).toEqual([[N2, [0, 1, 2]]]);
    expect(c.members[0].publicKey).toEqual(Uint8Array.from(keyOf(2)));
    expect(await reader().committee(2)).toBeNull();
  });

  it('finds live Blob objects of a blob ID through BlobRegistered events', async () => {
    const wanted = (await reader().blob('0x' + 'b1'.repeat(32)))!.blobId;
    // b4 was registered with the same ID but no longer exists; b5 has another ID.
    expect((await reader().blobsByBlobId(wanted)).map((b) => b.objectId)).toEqual([
      '0x' + 'b1'.repeat(32),
    ]);
  });

  it('answers invalid blob IDs and challenge rounds', async () => {
    expect(await reader().isBlobIdInvalid(42n)).toBe(true);
    expect(await reader().isBlobIdInvalid(43n)).toBe(false);
    expect(await reader().challengeRound(2n)).toMatchObject({
      round: 2n,
      closed: false,
      certified: [N1],
    });
    expect(await reader().challengeRound(1n)).toMatchObject({ round: 1n, closed: true });
    expect(await reader().challengeRound(0n)).toBeNull();
  });

  it('reads owned objects of the package only', async () => {
    const b = await reader().blob('0x' + 'b1'.repeat(32));
    expect(b).toMatchObject({ objectId: '0x' + 'b1'.repeat(32), owner: OWNER, certifiedEpoch: 4 });
    expect(await reader().blob('0x' + 'b2'.repeat(32))).toBeNull();
    expect(await reader().blob('0x' + 'b3'.repeat(32))).toBeNull();
  });
});

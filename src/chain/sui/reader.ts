/**
 * Reads Floe state from a Sui full node: the shared System (parsed whole from its BCS), staking
 * pools (dynamic fields of the System's pool table, keyed by node ID), the invalidated-ID table,
 * owned objects (blobs, storage, caps, stake) and balances. Committees of past epochs, which the
 * System does not keep, are recovered from `CommitteeSelected` events.
 */
import { bcs } from '@mysten/sui/bcs';
import type { ClientWithCoreApi, SuiClientTypes } from '@mysten/sui/client';
import { ObjectError } from '@mysten/sui/client';
import { deriveDynamicFieldID, normalizeStructTag } from '@mysten/sui/utils';
import { StakingPool, System } from '../bcs.ts';
import { idToBytes, normalizeId, type ObjectId } from '../ids.ts';
import type {
  BlobObject,
  ChallengeRound,
  Committee,
  StakedFloe,
  StorageNode,
  StorageNodeCap,
  StorageResource,
  SystemState,
} from '../types.ts';
import { decodeEvent } from './event-decode.ts';
import {
  committeeShape,
  decodeBlob,
  decodeStakedFloe,
  decodeStorage,
  decodeStorageNodeCap,
  ownerAddress,
  toChallengeRound,
  toEpochState,
  toStorageNode,
  toSystemParams,
} from './object-decode.ts';

type SystemValue = ReturnType<typeof System.parse>;
const ID_TYPE = '0x2::object::ID';
/** Objects fetched per `getObjects` call. */
const BATCH = 50;

export class SuiStateReader {
  constructor(
    private readonly client: ClientWithCoreApi,
    private readonly packageId: string,
    private readonly systemId: string,
  ) {}

  /** The System parsed whole. Throws `ObjectNotFoundError`-like SDK errors if it is missing. */
  async system(): Promise<SystemValue> {
    const { object } = await this.client.core.getObject({
      objectId: this.systemId,
      include: { content: true },
    });
    return System.parse(object.content);
  }

  async systemState(): Promise<SystemState> {
    const s = await this.system();
    const inner = s.inner;
    const offset = inner.epoch - inner.accounting.first_epoch;
    const used =
      offset >= 0 && offset < inner.accounting.used.length
        ? BigInt(inner.accounting.used[offset])
        : 0n;
    const next = BigInt(inner.next_round);
    return {
      systemId: normalizeId(this.systemId),
      version: BigInt(s.version),
      epoch: inner.epoch,
      epochState: toEpochState(inner.epoch_state),
      epochStartMs: BigInt(inner.epoch_start_ms),
      params: toSystemParams(inner.params),
      totalCapacity: BigInt(inner.total_capacity),
      usedCapacity: used,
      latestRound: next === 0n ? null : next - 1n,
      lastRoundOpenedMs: BigInt(inner.last_round_open_ms),
      burned: BigInt(inner.burned.value),
    };
  }

  /** Pools by node ID (missing ones are left out). */
  async pools(
    nodeIds: readonly ObjectId[],
    system?: SystemValue,
  ): Promise<Map<ObjectId, StorageNode>> {
    const s = system ?? (await this.system());
    const tableId = s.inner.pools.id.id;
    const out = new Map<ObjectId, StorageNode>();
    for (let i = 0; i < nodeIds.length; i += BATCH) {
      const ids = nodeIds.slice(i, i + BATCH).map((n) => normalizeId(n, 'nodeId'));
      const fieldIds = ids.map((n) => deriveDynamicFieldID(tableId, ID_TYPE, idToBytes(n)));
      const { objects } = await this.client.core.getObjects({
        objectIds: fieldIds,
        include: { content: true },
      });
      for (const obj of objects) {
        if (obj instanceof Error) continue;
        // Field<ID, StakingPool>: UID (32) + name (32) + value.
        const pool = toStorageNode(StakingPool.parse(obj.content.slice(64)));
        out.set(pool.nodeId, pool);
      }
    }
    return out;
  }

  async node(nodeId: ObjectId): Promise<StorageNode | null> {
    const pools = await this.pools([nodeId]);
    return pools.get(normalizeId(nodeId)) ?? null;
  }

  async listNodes(): Promise<StorageNode[]> {
    const s = await this.system();
    const pools = await this.pools(s.inner.node_ids, s);
    return [...pools.values()].sort((a, b) => (BigInt(a.nodeId) < BigInt(b.nodeId) ? -1 : 1));
  }

  /**
   * The committee of `epoch` (default current) with member keys from their pools. A past epoch's
   * committee comes from its `CommitteeSelected` event; `null` when no such event exists.
   */
  async committee(epoch?: number): Promise<Committee | null> {
    const s = await this.system();
    let shape: ReturnType<typeof committeeShape> | null;
    if (epoch === undefined || epoch === s.inner.committee.epoch) {
      shape = committeeShape(s.inner.committee);
    } else if (epoch > s.inner.epoch) {
      return null;
    } else {
      shape = await this.pastCommittee(epoch, s.inner.committee.n_shards);
    }
    if (shape === null) return null;
    const pools = await this.pools(
      shape.members.map((m) => m.nodeId),
      s,
    );
    return {
      epoch: shape.epoch,
      nShards: shape.nShards,
      members: shape.members.map((m) => ({
        nodeId: m.nodeId,
        shards: m.shards,
        publicKey: pools.get(m.nodeId)?.publicKey ?? new Uint8Array(0),
      })),
    };
  }

  private async pastCommittee(
    epoch: number,
    nShards: number,
  ): Promise<ReturnType<typeof committeeShape> | null> {
    let before: string | null = null;
    for (;;) {
      const page: SuiClientTypes.ListEventsResponse = await this.client.core.listEvents({
        filter: { eventType: `${this.packageId}::events::CommitteeSelected` },
        ...(before === null ? { order: 'descending' as const } : { before }),
        limit: 50,
      });
      for (const e of page.events) {
        const decoded = decodeEvent('CommitteeSelected', e.bcs);
        if (decoded.type !== 'CommitteeSelected' || decoded.data.epoch !== epoch) continue;
        return {
          epoch,
          nShards,
          members: decoded.data.members.map((nodeId, i) => ({
            nodeId,
            shards: decoded.data.shards[i],
          })),
        };
      }
      if (!page.hasNextPage || page.endCursor === null) return null;
      before = page.endCursor;
    }
  }

  async isBlobIdInvalid(blobId: bigint): Promise<boolean> {
    const s = await this.system();
    const fieldId = deriveDynamicFieldID(
      s.inner.invalidated.id.id,
      'u256',
      bcs.u256().serialize(blobId).toBytes(),
    );
    return (await this.owned(fieldId)) !== null;
  }

  async challengeRound(round: bigint): Promise<ChallengeRound | null> {
    const s = await this.system();
    for (const r of [s.inner.current_round, s.inner.previous_round]) {
      if (r !== null && r !== undefined && BigInt(r.round) === round) return toChallengeRound(r);
    }
    return null;
  }

  /** An object with its content and owner, or `null` when it does not exist (or was deleted). */
  async owned(objectId: string): Promise<SuiClientTypes.Object<{ content: true }> | null> {
    try {
      const { object } = await this.client.core.getObject({
        objectId: normalizeId(objectId, 'objectId'),
        include: { content: true },
      });
      return object;
    } catch (err) {
      if (err instanceof ObjectError && (err.reason === 'notFound' || err.reason === 'deleted'))
        return null;
      throw err;
    }
  }

  /** An owned object of `module::Struct` from this package, else `null` (absent or other type). */
  private async typed(
    objectId: string,
    module: string,
    struct: string,
  ): Promise<SuiClientTypes.Object<{ content: true }> | null> {
    const obj = await this.owned(objectId);
    if (obj === null) return null;
    return normalizeStructTag(obj.type) ===
      normalizeStructTag(`${this.packageId}::${module}::${struct}`)
      ? obj
      : null;
  }

  async blob(objectId: ObjectId): Promise<BlobObject | null> {
    const o = await this.typed(objectId, 'blob', 'Blob');
    return o === null ? null : decodeBlob(o.content, ownerAddress(o.owner));
  }

  async storage(objectId: ObjectId): Promise<StorageResource | null> {
    const o = await this.typed(objectId, 'storage_resource', 'Storage');
    return o === null ? null : decodeStorage(o.content, ownerAddress(o.owner));
  }

  /**
   * Every `Storage` resource `owner` holds directly, paged through the full node's owned-object
   * index filtered by this package's `storage_resource::Storage` type.
   */
  ownedStorage(owner: string): Promise<StorageResource[]> {
    return this.ownedOfType(owner, 'storage_resource', 'Storage', (o) =>
      decodeStorage(o.content, ownerAddress(o.owner)),
    );
  }

  async nodeCap(objectId: ObjectId): Promise<StorageNodeCap | null> {
    const o = await this.typed(objectId, 'storage_node', 'StorageNodeCap');
    return o === null ? null : decodeStorageNodeCap(o.content);
  }

  async stakedFloe(objectId: ObjectId): Promise<StakedFloe | null> {
    const o = await this.typed(objectId, 'staking_pool', 'StakedFloe');
    return o === null ? null : decodeStakedFloe(o.content, ownerAddress(o.owner) ?? '');
  }

  /**
   * Every `StakedFloe` `owner` holds directly, paged through the full node's owned-object index
   * filtered by this package's `staking_pool::StakedFloe` type.
   */
  ownedStaked(owner: string): Promise<StakedFloe[]> {
    return this.ownedOfType(owner, 'staking_pool', 'StakedFloe', (o) =>
      decodeStakedFloe(o.content, ownerAddress(o.owner) ?? ''),
    );
  }

  /** Pages through `owner`'s objects of this package's `module::struct`, decoding each. */
  private async ownedOfType<T>(
    owner: string,
    module: string,
    struct: string,
    decode: (o: SuiClientTypes.Object<{ content: true }>) => T,
  ): Promise<T[]> {
    const type = normalizeStructTag(`${this.packageId}::${module}::${struct}`);
    const out: T[] = [];
    let cursor: string | null = null;
    for (;;) {
      const page: SuiClientTypes.ListOwnedObjectsResponse<{ content: true }> =
        await this.client.core.listOwnedObjects({
          owner: normalizeId(owner, 'owner'),
          type,
          cursor,
          limit: BATCH,
          include: { content: true },
        });
      for (const o of page.objects) {
        // The index filters by type already; the check guards against a node that ignores it.
        if (normalizeStructTag(o.type) !== type) continue;
        out.push(decode(o));
      }
      if (!page.hasNextPage || page.cursor === null) return out;
      cursor = page.cursor;
    }
  }

  /** Live Blob objects registered with `blobId` (found through `BlobRegistered` events). */
  async blobsByBlobId(blobId: bigint): Promise<BlobObject[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: SuiClientTypes.ListEventsResponse = await this.client.core.listEvents({
        filter: { eventType: `${this.packageId}::events::BlobRegistered` },
        after,
        limit: 50,
      });
      for (const e of page.events) {
        const d = decodeEvent('BlobRegistered', e.bcs);
        if (d.type === 'BlobRegistered' && d.data.blobId === blobId) ids.push(d.data.objectId);
      }
      if (!page.hasNextPage || page.endCursor === null) break;
      after = page.endCursor;
    }
    const out: BlobObject[] = [];
    for (const id of ids) {
      const b = await this.blob(id);
      if (b !== null && b.blobId === blobId) out.push(b);
    }
    return out;
  }

  async balance(owner: string): Promise<bigint> {
    const { balance } = await this.client.core.getBalance({ owner: normalizeId(owner, 'owner') });
    return BigInt(balance.balance);
  }
}

/**
 * The `ChainClient` read methods over the embedded chain's state: each turns Move state into
 * the interface's view types (copies; callers cannot reach into the chain).
 */
import type { ObjectId } from '../ids.ts';
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
import { usedAt } from './accounting.ts';
import type { ChainState, CommitteeState, PoolState, RoundState } from './state.ts';

function committeeView(c: CommitteeState): Committee {
  return {
    epoch: c.epoch,
    nShards: c.nShards,
    members: c.members.map((nodeId, i) => ({
      nodeId,
      shards: [...c.shards[i]],
      publicKey: c.keys[i].slice(),
    })),
  };
}

function nodeView(p: PoolState): StorageNode {
  return {
    nodeId: p.nodeId,
    name: p.name,
    networkAddress: p.networkAddress,
    publicKey: p.publicKey.slice(),
    capacity: p.capacity,
    commissionBps: p.commissionBps,
    activeStake: p.activeStake,
    totalShares: p.totalShares,
    pendingStake: p.pendingStake,
    pendingWithdrawShares: p.pendingWithdrawShares,
    stakeBalance: p.stake,
    commission: p.commission,
    absences: p.absences,
    forfeit: p.forfeit,
  };
}

function roundView(r: RoundState): ChallengeRound {
  return { ...r, seed: r.seed.slice(), certified: [...r.certified] };
}

export const READS = {
  getSystemState(s: ChainState): SystemState {
    const latest = s.nextRound > 1n ? s.nextRound - 1n : null;
    return {
      systemId: s.systemId,
      version: s.version,
      epoch: s.epoch,
      epochState: { ...s.epochState },
      epochStartMs: s.epochStartMs,
      params: { ...s.params },
      totalCapacity: s.totalCapacity,
      usedCapacity: usedAt(s.accounting, s.epoch),
      latestRound: latest,
      lastRoundOpenedMs: s.lastRoundOpenMs,
      burned: s.burned,
    };
  },
  getCommittee(s: ChainState, a: { epoch?: number }): Committee | null {
    const epoch = a.epoch ?? s.epoch;
    if (s.committee.epoch === epoch) return committeeView(s.committee);
    if (s.previousCommittee?.epoch === epoch) return committeeView(s.previousCommittee);
    return null;
  },
  getNode(s: ChainState, a: { nodeId: ObjectId }): StorageNode | null {
    const p = s.pools.get(a.nodeId);
    return p ? nodeView(p) : null;
  },
  listNodes(s: ChainState): StorageNode[] {
    return [...s.pools.values()]
      .map(nodeView)
      .sort((x, y) => (BigInt(x.nodeId) < BigInt(y.nodeId) ? -1 : 1));
  },
  getNodeCap(s: ChainState, a: { capId: ObjectId }): StorageNodeCap | null {
    const c = s.caps.get(a.capId);
    return c ? { capId: a.capId, nodeId: c.nodeId, lastEpochSyncDone: c.lastEpochSyncDone } : null;
  },
  getBlob(s: ChainState, a: { objectId: ObjectId }): BlobObject | null {
    const b = s.blobs.get(a.objectId);
    return b ? blobView(a.objectId, b) : null;
  },
  getBlobsByBlobId(s: ChainState, a: { blobId: bigint }): BlobObject[] {
    return [...s.blobs].filter(([, b]) => b.blobId === a.blobId).map(([id, b]) => blobView(id, b));
  },
  isBlobIdInvalid(s: ChainState, a: { blobId: bigint }): boolean {
    return s.invalidated.has(a.blobId);
  },
  getStorage(s: ChainState, a: { storageId: ObjectId }): StorageResource | null {
    const st = s.storage.get(a.storageId);
    return st ? { storageId: a.storageId, ...st } : null;
  },
  listOwnedStorage(s: ChainState, a: { owner: string }): StorageResource[] {
    return [...s.storage]
      .filter(([, st]) => st.owner === a.owner)
      .map(([storageId, st]) => ({ storageId, ...st }));
  },
  getStakedFloe(s: ChainState, a: { stakedId: ObjectId }): StakedFloe | null {
    const st = s.staked.get(a.stakedId);
    return st ? { stakedId: a.stakedId, ...st } : null;
  },
  listOwnedStaked(s: ChainState, a: { owner: string }): StakedFloe[] {
    return [...s.staked]
      .filter(([, st]) => st.owner === a.owner)
      .map(([stakedId, st]) => ({ stakedId, ...st }));
  },
  getChallengeRound(s: ChainState, a: { round: bigint }): ChallengeRound | null {
    for (const r of [s.currentRound, s.previousRound])
      if (r && r.round === a.round) return roundView(r);
    return null;
  },
  getBalance(s: ChainState, a: { address: string }): bigint {
    return s.balances.get(a.address) ?? 0n;
  },
  /** Embedded only: the chain's ID objects (System, AdminCap) and admin. */
  getChainInfo(s: ChainState): { systemId: ObjectId; adminCapId: ObjectId; admin: string } {
    return { systemId: s.systemId, adminCapId: s.adminCapId, admin: s.admin };
  },
} satisfies Record<string, (s: ChainState, a: never) => unknown>;

export type ReadMethod = keyof typeof READS;

function blobView(
  objectId: ObjectId,
  b: ChainState['blobs'] extends Map<string, infer V> ? V : never,
): BlobObject {
  return {
    objectId,
    owner: b.owner,
    registeredEpoch: b.registeredEpoch,
    blobId: b.blobId,
    size: b.size,
    encodingType: b.encodingType,
    certifiedEpoch: b.certifiedEpoch,
    storage: { storageId: b.storageId, ...b.storage },
    deletable: b.deletable,
    rootHash: b.rootHash,
  };
}

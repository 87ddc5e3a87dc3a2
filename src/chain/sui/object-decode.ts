/**
 * Turns the BCS content of Floe's on-chain objects into the interface's types (types.ts). Pure:
 * the client fetches the bytes, these functions only parse and convert.
 */
import type { SuiClientTypes } from '@mysten/sui/client';
import {
  Blob,
  ChallengeRound as ChallengeRoundBcs,
  Committee as CommitteeBcs,
  EpochState as EpochStateBcs,
  StakedFloe as StakedFloeBcs,
  StakingPool,
  Storage,
  StorageNodeCap as StorageNodeCapBcs,
  SystemParams as SystemParamsBcs,
} from '../bcs.ts';
import { normalizeId } from '../ids.ts';
import type {
  BlobObject,
  ChallengeRound,
  EpochState,
  StakedFloe,
  StorageNode,
  StorageNodeCap,
  StorageResource,
  SystemParams,
} from '../types.ts';

/** The owner address of an address-owned object, else null (shared, wrapped, immutable). */
export function ownerAddress(owner: SuiClientTypes.ObjectOwner): string | null {
  if (owner.$kind === 'AddressOwner') return normalizeId(owner.AddressOwner);
  if (owner.$kind === 'ConsensusAddressOwner')
    return normalizeId(owner.ConsensusAddressOwner.owner);
  return null;
}

export function decodeStorage(bytes: Uint8Array, owner: string | null): StorageResource {
  const s = Storage.parse(bytes);
  return {
    storageId: normalizeId(s.id.id),
    owner,
    startEpoch: s.start_epoch,
    endEpoch: s.end_epoch,
    storageSize: BigInt(s.storage_size),
  };
}

export function decodeBlob(bytes: Uint8Array, owner: string | null): BlobObject {
  const b = Blob.parse(bytes);
  return {
    objectId: normalizeId(b.id.id),
    owner,
    registeredEpoch: b.registered_epoch,
    blobId: BigInt(b.blob_id),
    size: BigInt(b.size),
    encodingType: b.encoding_type,
    certifiedEpoch: b.certified_epoch ?? null,
    storage: {
      storageId: normalizeId(b.storage.id.id),
      startEpoch: b.storage.start_epoch,
      endEpoch: b.storage.end_epoch,
      storageSize: BigInt(b.storage.storage_size),
    },
    deletable: b.deletable,
    rootHash: BigInt(b.root_hash),
  };
}

export function decodeStorageNodeCap(bytes: Uint8Array): StorageNodeCap {
  const c = StorageNodeCapBcs.parse(bytes);
  return {
    capId: normalizeId(c.id.id),
    nodeId: normalizeId(c.node_id),
    lastEpochSyncDone: c.last_epoch_sync_done,
  };
}

export function decodeStakedFloe(bytes: Uint8Array, owner: string): StakedFloe {
  const s = StakedFloeBcs.parse(bytes);
  return {
    stakedId: normalizeId(s.id.id),
    owner,
    nodeId: normalizeId(s.node_id),
    principal: BigInt(s.principal),
    activationEpoch: s.activation_epoch,
    withdrawEpoch: s.withdraw_epoch ?? null,
  };
}

/** Converts a parsed `SystemParams`. */
export function toSystemParams(p: ReturnType<typeof SystemParamsBcs.parse>): SystemParams {
  return {
    nShards: p.n_shards,
    epochDurationMs: BigInt(p.epoch_duration_ms),
    maxCommitteeSize: p.max_committee_size,
    minStake: BigInt(p.min_stake),
    maxShardsPerNode: p.max_shards_per_node,
    rotationBps: p.rotation_bps,
    storagePricePerUnit: BigInt(p.storage_price_per_unit),
    writePricePerUnit: BigInt(p.write_price_per_unit),
    unitSize: BigInt(p.unit_size),
    maxEpochsAhead: p.max_epochs_ahead,
    maxCommissionBps: p.max_commission_bps,
    reporterRewardBps: p.reporter_reward_bps,
    slashBps: p.slash_bps,
    absenceSlashBps: p.absence_slash_bps,
    maxAbsences: p.max_absences,
    challengeIntervalMs: BigInt(p.challenge_interval_ms),
  };
}

export function toEpochState(s: ReturnType<typeof EpochStateBcs.parse>): EpochState {
  return s.$kind === 'Done'
    ? { kind: 'Done' }
    : { kind: 'Syncing', reportedWeight: s.Syncing.reported_weight };
}

export function toChallengeRound(r: ReturnType<typeof ChallengeRoundBcs.parse>): ChallengeRound {
  return {
    epoch: r.epoch,
    round: BigInt(r.round),
    seed: Uint8Array.from(r.seed),
    certified: r.certified.map((id) => normalizeId(id)),
    certifiedWeight: r.certified_weight,
    closed: r.closed,
  };
}

/** A `StakingPool` (as stored in the System's pool table) as the interface's `StorageNode`. */
export function toStorageNode(p: ReturnType<typeof StakingPool.parse>): StorageNode {
  return {
    nodeId: normalizeId(p.node_id),
    name: p.info.name,
    networkAddress: p.info.network_address,
    publicKey: Uint8Array.from(p.info.public_key),
    capacity: BigInt(p.info.capacity),
    commissionBps: p.commission_bps,
    activeStake: BigInt(p.active_stake),
    totalShares: BigInt(p.total_shares),
    pendingStake: BigInt(p.pending_stake),
    pendingWithdrawShares: BigInt(p.pending_withdraw_shares),
    stakeBalance: BigInt(p.stake.value),
    commission: BigInt(p.commission.value),
    absences: p.absences,
    forfeit: p.forfeit,
  };
}

/** Committee shards per member, from a parsed `Committee`. */
export function committeeShape(c: ReturnType<typeof CommitteeBcs.parse>): {
  epoch: number;
  nShards: number;
  members: { nodeId: string; shards: number[] }[];
} {
  return {
    epoch: c.epoch,
    nShards: c.n_shards,
    members: c.members.map((id, i) => ({ nodeId: normalizeId(id), shards: [...c.shards[i]] })),
  };
}

/**
 * The embedded chain's whole state: the shared System (its `SystemStateV1`), every owned object
 * (caps, stakes, storage, blobs) with its owner, and SUI balances per address. Plain data only
 * (bigint, Uint8Array, Map, Set), so a transaction can run on a `structuredClone` and be thrown
 * away on abort, and a snapshot is one `codec.stringify`.
 */
import type { Address, ObjectId } from '../ids.ts';
import type { SystemParams } from '../types.ts';

export interface PoolState {
  nodeId: ObjectId;
  name: string;
  networkAddress: string;
  publicKey: Uint8Array;
  capacity: bigint;
  commissionBps: number;
  activeStake: bigint;
  totalShares: bigint;
  pendingStake: bigint;
  pendingWithdrawShares: bigint;
  /** epoch -> (stake, shares) at the start of that epoch. */
  exchangeRates: Map<number, { stake: bigint; shares: bigint }>;
  /** Balance<SUI>: active plus pending stake. */
  stake: bigint;
  /** SUI set aside for withdrawals that took effect and are not yet collected. */
  withdrawable: bigint;
  commission: bigint;
  absences: number;
  forfeit: boolean;
}

export interface CommitteeState {
  epoch: number;
  members: ObjectId[];
  shards: number[][];
  nShards: number;
  /** 48-byte keys in member order (what bls_aggregate stores). */
  keys: Uint8Array[];
}

export interface CapState {
  owner: Address;
  nodeId: ObjectId;
  lastEpochSyncDone: number;
}

export interface StakedState {
  owner: Address;
  nodeId: ObjectId;
  principal: bigint;
  activationEpoch: number;
  withdrawEpoch: number | null;
}

export interface StorageState {
  startEpoch: number;
  endEpoch: number;
  storageSize: bigint;
}

export interface OwnedStorage extends StorageState {
  owner: Address;
}

export interface BlobState {
  owner: Address;
  registeredEpoch: number;
  blobId: bigint;
  size: bigint;
  encodingType: number;
  certifiedEpoch: number | null;
  storageId: ObjectId;
  storage: StorageState;
  deletable: boolean;
  rootHash: bigint;
}

export interface RoundState {
  epoch: number;
  round: bigint;
  seed: Uint8Array;
  certified: ObjectId[];
  certifiedWeight: number;
  closed: boolean;
}

export type EpochStateData = { kind: 'Done' } | { kind: 'Syncing'; reportedWeight: number };

export interface ChainState {
  systemId: ObjectId;
  adminCapId: ObjectId;
  admin: Address;
  version: bigint;
  // SystemStateV1, field for field.
  params: SystemParams;
  epoch: number;
  epochStartMs: bigint;
  epochState: EpochStateData;
  committee: CommitteeState;
  /** The committee before the current one (the chain keeps it for reads during sync). */
  previousCommittee: CommitteeState | null;
  totalCapacity: bigint;
  /** accounting.move FutureAccounting. */
  accounting: { firstEpoch: number; used: bigint[]; rewards: bigint[] };
  rewardPool: bigint;
  pools: Map<ObjectId, PoolState>;
  /** Every registered node, in registration order. */
  nodeIds: ObjectId[];
  invalidated: Set<bigint>;
  /** Evidence keys already used for slashing (hex). */
  evidence: Set<string>;
  burned: bigint;
  nextRound: bigint;
  lastRoundOpenMs: bigint;
  currentRound: RoundState | null;
  previousRound: RoundState | null;
  // Owned objects and accounts (Sui's object store, not the System's fields).
  caps: Map<ObjectId, CapState>;
  staked: Map<ObjectId, StakedState>;
  storage: Map<ObjectId, OwnedStorage>;
  blobs: Map<ObjectId, BlobState>;
  balances: Map<Address, bigint>;
  /** Transactions committed so far (also the seed of object IDs). */
  txCount: bigint;
}

/**
 * TypeScript shapes of every Move event (move/DESIGN.md "Events"): same names, same fields in the
 * same order, camelCase. u64 -> bigint, u8/u16/u32 -> number, u256 blob IDs -> bigint (see
 * ids.ts), `ID`/`address` -> normalized hex string, `vector<u8>` -> Uint8Array.
 */
import type { Address, ObjectId } from './ids.ts';

export interface NodeRegistered {
  nodeId: ObjectId;
  name: string;
  networkAddress: string;
  publicKey: Uint8Array;
  capacity: bigint;
  commissionBps: number;
}
export interface StakeAdded {
  stakedId: ObjectId;
  nodeId: ObjectId;
  amount: bigint;
  activationEpoch: number;
}
export interface WithdrawRequested {
  stakedId: ObjectId;
  nodeId: ObjectId;
  withdrawEpoch: number;
}
export interface StakeWithdrawn {
  stakedId: ObjectId;
  nodeId: ObjectId;
  amount: bigint;
}
export interface EpochChangeStart {
  epoch: number;
}
export interface CommitteeSelected {
  epoch: number;
  members: ObjectId[];
  shards: number[][];
  rotated: bigint;
}
export interface ShardsReceived {
  epoch: number;
  nodeId: ObjectId;
  weight: number;
}
export interface EpochChangeDone {
  epoch: number;
}
export interface StorageReserved {
  storageId: ObjectId;
  startEpoch: number;
  endEpoch: number;
  storageSize: bigint;
}
export interface BlobRegistered {
  epoch: number;
  blobId: bigint;
  size: bigint;
  encodingType: number;
  endEpoch: number;
  deletable: boolean;
  objectId: ObjectId;
}
export interface BlobCertified {
  epoch: number;
  blobId: bigint;
  endEpoch: number;
  deletable: boolean;
  objectId: ObjectId;
  isExtension: boolean;
}
export interface BlobDeleted {
  epoch: number;
  blobId: bigint;
  endEpoch: number;
  objectId: ObjectId;
  wasCertified: boolean;
}
export interface InvalidBlobID {
  epoch: number;
  blobId: bigint;
}
export interface ChallengeRoundOpened {
  epoch: number;
  round: bigint;
  seed: Uint8Array;
}
export interface ChallengeCertified {
  epoch: number;
  round: bigint;
  nodeId: ObjectId;
  weight: number;
  late: boolean;
}
export interface ChallengeRoundClosed {
  epoch: number;
  round: bigint;
  certifiedWeight: number;
}
export interface NodeAbsent {
  epoch: number;
  round: bigint;
  nodeId: ObjectId;
  absences: number;
}
export interface RewardsPaid {
  epoch: number;
  nodeId: ObjectId;
  amount: bigint;
}
export interface NodeSlashed {
  epoch: number;
  nodeId: ObjectId;
  amount: bigint;
  reason: number;
  reporter: Address;
}
export interface ParamsUpdated {
  epoch: number;
}

/** Event name -> payload. The names are the Move struct names the watchers match. */
export interface ChainEventMap {
  NodeRegistered: NodeRegistered;
  StakeAdded: StakeAdded;
  WithdrawRequested: WithdrawRequested;
  StakeWithdrawn: StakeWithdrawn;
  EpochChangeStart: EpochChangeStart;
  CommitteeSelected: CommitteeSelected;
  ShardsReceived: ShardsReceived;
  EpochChangeDone: EpochChangeDone;
  StorageReserved: StorageReserved;
  BlobRegistered: BlobRegistered;
  BlobCertified: BlobCertified;
  BlobDeleted: BlobDeleted;
  InvalidBlobID: InvalidBlobID;
  ChallengeRoundOpened: ChallengeRoundOpened;
  ChallengeCertified: ChallengeCertified;
  ChallengeRoundClosed: ChallengeRoundClosed;
  NodeAbsent: NodeAbsent;
  RewardsPaid: RewardsPaid;
  NodeSlashed: NodeSlashed;
  ParamsUpdated: ParamsUpdated;
}

export type ChainEventType = keyof ChainEventMap;

/** A tagged event: `{ type: 'BlobCertified', data: {...} }`, narrowable on `type`. */
export type ChainEvent = {
  [K in ChainEventType]: { type: K; data: ChainEventMap[K] };
}[ChainEventType];

/** Slash reasons of `NodeSlashed.reason`. */
export const SlashReason = { invalidSymbol: 0, equivocation: 1, repeatedAbsence: 2 } as const;

/**
 * Field names of every event in Move order (snake_case as in Move). The lockstep tests compare
 * this table with `move/sources/events/events.move`; the Sui adapter may build its BCS from it.
 */
export const EVENT_FIELDS: { readonly [K in ChainEventType]: readonly string[] } = {
  NodeRegistered: [
    'node_id',
    'name',
    'network_address',
    'public_key',
    'capacity',
    'commission_bps',
  ],
  StakeAdded: ['staked_id', 'node_id', 'amount', 'activation_epoch'],
  WithdrawRequested: ['staked_id', 'node_id', 'withdraw_epoch'],
  StakeWithdrawn: ['staked_id', 'node_id', 'amount'],
  EpochChangeStart: ['epoch'],
  CommitteeSelected: ['epoch', 'members', 'shards', 'rotated'],
  ShardsReceived: ['epoch', 'node_id', 'weight'],
  EpochChangeDone: ['epoch'],
  StorageReserved: ['storage_id', 'start_epoch', 'end_epoch', 'storage_size'],
  BlobRegistered: [
    'epoch',
    'blob_id',
    'size',
    'encoding_type',
    'end_epoch',
    'deletable',
    'object_id',
  ],
  BlobCertified: ['epoch', 'blob_id', 'end_epoch', 'deletable', 'object_id', 'is_extension'],
  BlobDeleted: ['epoch', 'blob_id', 'end_epoch', 'object_id', 'was_certified'],
  InvalidBlobID: ['epoch', 'blob_id'],
  ChallengeRoundOpened: ['epoch', 'round', 'seed'],
  ChallengeCertified: ['epoch', 'round', 'node_id', 'weight', 'late'],
  ChallengeRoundClosed: ['epoch', 'round', 'certified_weight'],
  NodeAbsent: ['epoch', 'round', 'node_id', 'absences'],
  RewardsPaid: ['epoch', 'node_id', 'amount'],
  NodeSlashed: ['epoch', 'node_id', 'amount', 'reason', 'reporter'],
  ParamsUpdated: ['epoch'],
};

/**
 * An event as delivered by `watchEvents`: the payload plus where it came from. `cursor` is
 * opaque; persist it and pass it back to resume right after this event.
 */
export interface ChainEventEnvelope {
  event: ChainEvent;
  /** Resume point: events after this one. Opaque, implementation-specific, JSON-safe string. */
  cursor: EventCursor;
  txDigest: string;
  /** Index of the event inside its transaction. */
  eventIndex: number;
  /** Checkpoint (Sui) or transaction (embedded) timestamp in ms, when known. */
  timestampMs: bigint | undefined;
}

/** An opaque, persistable position in the event stream. `null` = from the beginning. */
export type EventCursor = string;

/**
 * The one interface through which everything off chain reaches the Floe Move package. Two
 * implementations: the embedded chain (src/chain/embedded/, also served over loopback HTTP) and
 * the Sui adapter (src/chain/sui/). Value conventions (IDs, u256, u64) are in ids.ts; event
 * shapes in events.ts; failures are the classes of errors.ts:
 *
 * - a Move abort -> `MoveAbortError` (module, abort code, constant name);
 * - a missing object -> `ObjectNotFoundError` (reads return `null` instead where documented);
 * - an object the sender does not own, or a malformed argument -> `TransactionRejectedError`;
 * - a payment the sender cannot make -> `InsufficientFundsError`;
 * - transport failures -> `ChainUnavailableError` (retryable).
 *
 * Every write is one transaction sent by the client's sender; on success nothing is partially
 * applied, on failure nothing is applied. Payments (`Coin<SUI>` arguments) are given as an
 * amount: the implementation takes a coin of exactly that value from the sender; whatever Move
 * leaves in it goes back to the sender.
 */
import type { Certificate } from '../crypto/certificate.ts';
import type { ChainEventEnvelope, ChainEventType, EventCursor } from './events.ts';
import type { Address, ObjectId } from './ids.ts';

/** `system/params.move` `SystemParams`. */
export interface SystemParams {
  nShards: number;
  epochDurationMs: bigint;
  maxCommitteeSize: number;
  minStake: bigint;
  maxShardsPerNode: number;
  rotationBps: number;
  storagePricePerUnit: bigint;
  writePricePerUnit: bigint;
  unitSize: bigint;
  maxEpochsAhead: number;
  maxCommissionBps: number;
  reporterRewardBps: number;
  slashBps: number;
  absenceSlashBps: number;
  maxAbsences: number;
  challengeIntervalMs: bigint;
}

/** `staking/epoch.move` `EpochState`. */
export type EpochState = { kind: 'Done' } | { kind: 'Syncing'; reportedWeight: number };

/** One committee member: its node, its shards (ascending) and its BLS key. */
export interface CommitteeMember {
  nodeId: ObjectId;
  shards: number[];
  /** 48-byte compressed G1 key, as registered. */
  publicKey: Uint8Array;
}

/** `staking/committee.move` `Committee`, with member keys. Members sorted by node ID (bitmap order). */
export interface Committee {
  epoch: number;
  nShards: number;
  members: CommitteeMember[];
}

/** The system's state outside the tables. */
export interface SystemState {
  systemId: ObjectId;
  version: bigint;
  epoch: number;
  epochState: EpochState;
  epochStartMs: bigint;
  params: SystemParams;
  /** Sum of the current committee's capacities. */
  totalCapacity: bigint;
  /** Storage used in the current epoch, bytes. */
  usedCapacity: bigint;
  /** The latest challenge round's number, or null before the first. */
  latestRound: bigint | null;
  lastRoundOpenedMs: bigint;
  /** Slashed stake that no one can take. */
  burned: bigint;
}

/** `StorageNodeInfo` plus its `StakingPool` (the pool's ID is the node ID). */
export interface StorageNode {
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
  /** Balance held by the pool (stake plus rewards, minus slashing). */
  stakeBalance: bigint;
  commission: bigint;
  absences: number;
  forfeit: boolean;
}

/** `StorageNodeCap`. */
export interface StorageNodeCap {
  capId: ObjectId;
  nodeId: ObjectId;
  lastEpochSyncDone: number;
}

/** `StakedFloe`. */
export interface StakedFloe {
  stakedId: ObjectId;
  owner: Address;
  nodeId: ObjectId;
  principal: bigint;
  activationEpoch: number;
  withdrawEpoch: number | null;
}

/** `storage_resource.move` `Storage`. */
export interface StorageResource {
  storageId: ObjectId;
  owner: Address | null;
  startEpoch: number;
  endEpoch: number;
  storageSize: bigint;
}

/** `blob.move` `Blob`; `storage` is the embedded resource. */
export interface BlobObject {
  objectId: ObjectId;
  owner: Address | null;
  registeredEpoch: number;
  blobId: bigint;
  size: bigint;
  encodingType: number;
  certifiedEpoch: number | null;
  storage: Omit<StorageResource, 'owner'>;
  deletable: boolean;
  rootHash: bigint;
}

/** `challenge/challenge.move` `ChallengeRound`. */
export interface ChallengeRound {
  epoch: number;
  round: bigint;
  seed: Uint8Array;
  certified: ObjectId[];
  certifiedWeight: number;
  closed: boolean;
}

/** What every write returns: its digest and the events it emitted, in order. */
export interface TxResult {
  digest: string;
  events: ChainEventEnvelope[];
}

/** Options of `watchEvents`. */
export interface WatchEventsOptions {
  /** Deliver events strictly after this cursor; `null`/absent = from the first event. */
  cursor?: EventCursor | null;
  /** Only these event types (default: all). Cursors stay valid across filters. */
  types?: readonly ChainEventType[];
  /**
   * Called once per event, in chain order; the next event waits for a returned promise. If it
   * throws (or rejects) the watcher reports the error to `onError` and delivers the same event
   * again on the next poll.
   */
  onEvent: (event: ChainEventEnvelope) => void | Promise<void>;
  /** Transport or handler failures; the watcher keeps polling. */
  onError?: (err: unknown) => void;
  /** Poll interval when no events are pending (default 500 ms; the embedded chain may push). */
  pollIntervalMs?: number;
}

/** A stop function: once called, no further `onEvent` call starts (one already running finishes). */
export type Unwatch = () => void;

export interface ChainClient {
  /** The address that sends this client's transactions. */
  readonly sender: Address;

  // ----- reads -----------------------------------------------------------------------------

  getSystemState(): Promise<SystemState>;
  getParams(): Promise<SystemParams>;
  getEpoch(): Promise<number>;
  getEpochState(): Promise<EpochState>;
  /**
   * The committee of `epoch` (default: current). The current and the previous epoch's
   * committees are always available; older ones return `null` where the chain forgot them.
   */
  getCommittee(epoch?: number): Promise<Committee | null>;
  /** A registered node and its pool, or `null`. */
  getNode(nodeId: ObjectId): Promise<StorageNode | null>;
  /** Every registered node, ordered by node ID. */
  listNodes(): Promise<StorageNode[]>;
  getNodeCap(capId: ObjectId): Promise<StorageNodeCap | null>;
  getBlob(objectId: ObjectId): Promise<BlobObject | null>;
  /** Every live Blob object with this blob ID (there may be several, e.g. deletable copies). */
  getBlobsByBlobId(blobId: bigint): Promise<BlobObject[]>;
  /** Whether `invalidate_blob_id` has marked this blob ID invalid. */
  isBlobIdInvalid(blobId: bigint): Promise<boolean>;
  getStorage(storageId: ObjectId): Promise<StorageResource | null>;
  /**
   * Every free `Storage` resource `owner` (default: the sender) holds directly, in no particular
   * order. Resources inside a Blob are not free and are not listed.
   */
  listOwnedStorage(owner?: Address): Promise<StorageResource[]>;
  getStakedFloe(stakedId: ObjectId): Promise<StakedFloe | null>;
  /**
   * Every `StakedFloe` `owner` (default: the sender) holds directly, in no particular order
   * (stakes wrapped inside other objects are not listed).
   */
  listOwnedStaked(owner?: Address): Promise<StakedFloe[]>;
  /** A challenge round by number (only rounds the chain still keeps), or `null`. */
  getChallengeRound(round: bigint): Promise<ChallengeRound | null>;
  /** The SUI balance (MIST) of `address` (default: the sender). */
  getBalance(address?: Address): Promise<bigint>;

  // ----- writes: one per Move entry point ------------------------------------------------

  /** `system::set_params` (admin). */
  setParams(args: { adminCapId: ObjectId; params: SystemParams }): Promise<TxResult>;
  /** `storage_node::register_node`: returns the new cap and the node (= pool) ID. */
  registerNode(args: RegisterNodeArgs): Promise<TxResult & { capId: ObjectId; nodeId: ObjectId }>;
  /** `staking_pool::stake`: pays `amount` from the sender. */
  stake(args: { nodeId: ObjectId; amount: bigint }): Promise<TxResult & { stakedId: ObjectId }>;
  requestWithdraw(args: { stakedId: ObjectId }): Promise<TxResult>;
  /** `staking_pool::withdraw`: the returned coin's value goes to the sender. */
  withdraw(args: { stakedId: ObjectId }): Promise<TxResult & { amount: bigint }>;
  collectCommission(args: { capId: ObjectId }): Promise<TxResult & { amount: bigint }>;
  /** `epoch::initiate_epoch_change` (uses the chain's randomness). */
  initiateEpochChange(): Promise<TxResult>;
  epochSyncDone(args: { capId: ObjectId; epoch: number }): Promise<TxResult>;
  /** `reserve_space`: pays up to `payment` (default: exactly the cost); change returns. */
  reserveSpace(args: {
    storageSize: bigint;
    epochsAhead: number;
    payment?: bigint;
  }): Promise<TxResult & { storageId: ObjectId; cost: bigint }>;
  /**
   * `register_blob` with an existing Storage resource; `writePayment` (default: exactly the
   * write fee, units(encoded size) * write_price_per_unit) pays the write fee.
   */
  registerBlob(
    args: RegisterBlobArgs & { storageId: ObjectId },
  ): Promise<TxResult & { blobObjectId: ObjectId }>;
  /**
   * `reserve_space` then `register_blob`, in ONE transaction; one coin of `payment` (default:
   * storage cost plus write fee) pays both.
   */
  reserveAndRegisterBlob(
    args: RegisterBlobArgs & { storageSize: bigint; epochsAhead: number; payment?: bigint },
  ): Promise<TxResult & { blobObjectId: ObjectId; storageId: ObjectId }>;
  certifyBlob(args: { blobObjectId: ObjectId; certificate: Certificate }): Promise<TxResult>;
  extendBlob(args: {
    blobObjectId: ObjectId;
    extendedEpochs: number;
    payment?: bigint;
  }): Promise<TxResult>;
  extendBlobWithResource(args: { blobObjectId: ObjectId; storageId: ObjectId }): Promise<TxResult>;
  /** `delete_blob`: returns the blob's storage resource to the sender. */
  deleteBlob(args: { blobObjectId: ObjectId }): Promise<TxResult & { storageId: ObjectId }>;
  burnBlob(args: { blobObjectId: ObjectId }): Promise<TxResult>;
  invalidateBlobId(args: { certificate: Certificate }): Promise<TxResult & { blobId: bigint }>;
  splitStorageByEpoch(args: {
    storageId: ObjectId;
    splitEpoch: number;
  }): Promise<TxResult & { newStorageId: ObjectId }>;
  splitStorageBySize(args: {
    storageId: ObjectId;
    splitSize: bigint;
  }): Promise<TxResult & { newStorageId: ObjectId }>;
  /** `fuse` (periods or amounts as the resources allow): `second` is consumed into `first`. */
  fuseStorage(args: { first: ObjectId; second: ObjectId }): Promise<TxResult>;
  /** `challenge::open_challenge_round` (uses the chain's randomness). */
  openChallengeRound(): Promise<TxResult & { round: bigint }>;
  submitChallengeCertificate(args: {
    capId: ObjectId;
    round: bigint;
    certificate: Certificate;
  }): Promise<TxResult>;
  /** `slashing::report_invalid_symbol`: the reporter's reward goes to the sender. */
  reportInvalidSymbol(args: {
    nodeId: ObjectId;
    signature: Uint8Array;
    message: Uint8Array;
  }): Promise<TxResult & { reward: bigint }>;
  reportEquivocation(args: {
    nodeId: ObjectId;
    signatureA: Uint8Array;
    messageA: Uint8Array;
    signatureB: Uint8Array;
    messageB: Uint8Array;
  }): Promise<TxResult & { reward: bigint }>;

  // ----- events ------------------------------------------------------------------------------

  /**
   * Follows events from `cursor`, in chain order, until the returned function is called.
   * Failures go to `onError` and polling continues; it never throws after returning.
   */
  watchEvents(opts: WatchEventsOptions): Unwatch;
}

/** The fields `storage_node::register_node` takes. */
export interface RegisterNodeArgs {
  name: string;
  networkAddress: string;
  publicKey: Uint8Array;
  proofOfPossession: Uint8Array;
  capacity: bigint;
  commissionBps: number;
}

/** The fields `register_blob` takes besides its storage. */
export interface RegisterBlobArgs {
  blobId: bigint;
  rootHash: bigint;
  size: bigint;
  encodingType: number;
  deletable: boolean;
}

/**
 * BCS schemas of the Floe Move package: every event of `events.move` and every on-chain object
 * the off-chain code reads. Field names and order follow the Move structs exactly (a test reads
 * the `.move` sources and fails when they drift). Values come out as `@mysten/bcs` returns them:
 * u64/u128/u256 as decimal strings, addresses and IDs as 0x-prefixed hex, `vector<u8>` as arrays
 * of numbers; `decodeEvent` in `src/chain/sui/event-decode.ts` turns them into the interface's types.
 *
 * Pure: no network, no chain. The embedded chain may reuse these schemas for its own encodings.
 */
import { bcs, type BcsType } from '@mysten/sui/bcs';

/**
 * A BCS struct that also exposes its field types (`@mysten/bcs` keeps them private): the decoders
 * walk `fieldTypes` to convert values, and the lockstep tests compare its keys with Move.
 */
// `bcs.struct` itself constrains its fields with `BcsType<any>`; a narrower bound rejects real schemas.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function struct<T extends Record<string, BcsType<any, any>>>(name: string, fieldTypes: T) {
  return Object.assign(bcs.struct(name, fieldTypes), { fieldTypes });
}

// ---------------------------------------------------------------------------------------------
// Framework types, laid out as the Sui framework declares them.
// ---------------------------------------------------------------------------------------------

/** Move `address`: 32 bytes, parsed to 0x-hex (named `address` so decoders can tell it apart). */
export const Address = bcs.Address.transform({ name: 'address' });
/** `sui::object::ID { bytes: address }` — a struct of one address, so 32 bytes on the wire. */
export const ID = bcs.Address.transform({ name: 'ID' });
/** `sui::object::UID { id: ID }`. */
export const UID = struct('UID', { id: ID });
/** `std::string::String` — BCS of its `vector<u8>` bytes, UTF-8. */
export const MoveString = bcs.string();
/** `sui::balance::Balance<T> { value: u64 }`. */
export const Balance = struct('Balance', { value: bcs.u64() });
/** `sui::table::Table<K, V> { id: UID, size: u64 }`; entries live in dynamic fields. */
export const Table = struct('Table', { id: UID, size: bcs.u64() });
/** `sui::object_table::ObjectTable<K, V>` has the same layout as `Table`. */
export const ObjectTable = Table;
/** `sui::group_ops::Element<T> { bytes: vector<u8> }` (compressed point bytes). */
export const Element = struct('Element', { bytes: bcs.byteVector() });

/** `sui::vec_map::VecMap<K, V> { contents: vector<Entry<K, V>> }`. */
export function VecMap<K, V>(key: BcsType<K>, value: BcsType<V>) {
  return struct(`VecMap<${key.name}, ${value.name}>`, {
    contents: bcs.vector(struct(`Entry<${key.name}, ${value.name}>`, { key, value })),
  });
}

/** `sui::dynamic_field::Field<Name, Value> { id: UID, name: Name, value: Value }`. */
export function DynamicField<N, V>(name: BcsType<N>, value: BcsType<V>) {
  return struct(`Field<${name.name}, ${value.name}>`, { id: UID, name, value });
}

// ---------------------------------------------------------------------------------------------
// Events (`events/events.move`), in the order DESIGN.md lists them.
// ---------------------------------------------------------------------------------------------

export const NodeRegistered = struct('NodeRegistered', {
  node_id: ID,
  name: MoveString,
  network_address: MoveString,
  public_key: bcs.byteVector(),
  capacity: bcs.u64(),
  commission_bps: bcs.u16(),
});
export const StakeAdded = struct('StakeAdded', {
  staked_id: ID,
  node_id: ID,
  amount: bcs.u64(),
  activation_epoch: bcs.u32(),
});
export const WithdrawRequested = struct('WithdrawRequested', {
  staked_id: ID,
  node_id: ID,
  withdraw_epoch: bcs.u32(),
});
export const StakeWithdrawn = struct('StakeWithdrawn', {
  staked_id: ID,
  node_id: ID,
  amount: bcs.u64(),
});
export const EpochChangeStart = struct('EpochChangeStart', { epoch: bcs.u32() });
export const CommitteeSelected = struct('CommitteeSelected', {
  epoch: bcs.u32(),
  members: bcs.vector(ID),
  shards: bcs.vector(bcs.vector(bcs.u16())),
  rotated: bcs.u64(),
});
export const ShardsReceived = struct('ShardsReceived', {
  epoch: bcs.u32(),
  node_id: ID,
  weight: bcs.u16(),
});
export const EpochChangeDone = struct('EpochChangeDone', { epoch: bcs.u32() });
export const StorageReserved = struct('StorageReserved', {
  storage_id: ID,
  start_epoch: bcs.u32(),
  end_epoch: bcs.u32(),
  storage_size: bcs.u64(),
});
export const BlobRegistered = struct('BlobRegistered', {
  epoch: bcs.u32(),
  blob_id: bcs.u256(),
  size: bcs.u64(),
  encoding_type: bcs.u8(),
  end_epoch: bcs.u32(),
  deletable: bcs.bool(),
  object_id: ID,
});
export const BlobCertified = struct('BlobCertified', {
  epoch: bcs.u32(),
  blob_id: bcs.u256(),
  end_epoch: bcs.u32(),
  deletable: bcs.bool(),
  object_id: ID,
  is_extension: bcs.bool(),
});
export const BlobDeleted = struct('BlobDeleted', {
  epoch: bcs.u32(),
  blob_id: bcs.u256(),
  end_epoch: bcs.u32(),
  object_id: ID,
  was_certified: bcs.bool(),
});
export const InvalidBlobID = struct('InvalidBlobID', { epoch: bcs.u32(), blob_id: bcs.u256() });
export const ChallengeRoundOpened = struct('ChallengeRoundOpened', {
  epoch: bcs.u32(),
  round: bcs.u64(),
  seed: bcs.byteVector(),
});
export const ChallengeCertified = struct('ChallengeCertified', {
  epoch: bcs.u32(),
  round: bcs.u64(),
  node_id: ID,
  weight: bcs.u16(),
  late: bcs.bool(),
});
export const ChallengeRoundClosed = struct('ChallengeRoundClosed', {
  epoch: bcs.u32(),
  round: bcs.u64(),
  certified_weight: bcs.u16(),
});
export const NodeAbsent = struct('NodeAbsent', {
  epoch: bcs.u32(),
  round: bcs.u64(),
  node_id: ID,
  absences: bcs.u8(),
});
export const RewardsPaid = struct('RewardsPaid', {
  epoch: bcs.u32(),
  node_id: ID,
  amount: bcs.u64(),
});
export const NodeSlashed = struct('NodeSlashed', {
  epoch: bcs.u32(),
  node_id: ID,
  amount: bcs.u64(),
  reason: bcs.u8(),
  reporter: Address,
});
export const ParamsUpdated = struct('ParamsUpdated', { epoch: bcs.u32() });

/** Every event struct of `events.move`, keyed by its Move name (the type's last segment). */
export const EVENT_SCHEMAS = {
  NodeRegistered,
  StakeAdded,
  WithdrawRequested,
  StakeWithdrawn,
  EpochChangeStart,
  CommitteeSelected,
  ShardsReceived,
  EpochChangeDone,
  StorageReserved,
  BlobRegistered,
  BlobCertified,
  BlobDeleted,
  InvalidBlobID,
  ChallengeRoundOpened,
  ChallengeCertified,
  ChallengeRoundClosed,
  NodeAbsent,
  RewardsPaid,
  NodeSlashed,
  ParamsUpdated,
} as const;

/** The Move name of an event struct (`BlobCertified`, ...). */
export type EventName = keyof typeof EVENT_SCHEMAS;

/** All event names, in declaration order. */
export const EVENT_NAMES = Object.keys(EVENT_SCHEMAS) as EventName[];

// ---------------------------------------------------------------------------------------------
// Objects and the structs inside them.
// ---------------------------------------------------------------------------------------------

/** `system/params.move` `SystemParams`. */
export const SystemParams = struct('SystemParams', {
  n_shards: bcs.u16(),
  epoch_duration_ms: bcs.u64(),
  max_committee_size: bcs.u16(),
  min_stake: bcs.u64(),
  max_shards_per_node: bcs.u16(),
  rotation_bps: bcs.u16(),
  storage_price_per_unit: bcs.u64(),
  write_price_per_unit: bcs.u64(),
  unit_size: bcs.u64(),
  max_epochs_ahead: bcs.u32(),
  max_commission_bps: bcs.u16(),
  reporter_reward_bps: bcs.u16(),
  slash_bps: bcs.u16(),
  absence_slash_bps: bcs.u16(),
  max_absences: bcs.u8(),
  challenge_interval_ms: bcs.u64(),
});

/** `storage/storage_resource.move` `Storage` (an owned object). */
export const Storage = struct('Storage', {
  id: UID,
  start_epoch: bcs.u32(),
  end_epoch: bcs.u32(),
  storage_size: bcs.u64(),
});

/** `storage/blob.move` `Blob` (an owned object; `storage` is wrapped inside it). */
export const Blob = struct('Blob', {
  id: UID,
  registered_epoch: bcs.u32(),
  blob_id: bcs.u256(),
  size: bcs.u64(),
  encoding_type: bcs.u8(),
  certified_epoch: bcs.option(bcs.u32()),
  storage: Storage,
  deletable: bcs.bool(),
  root_hash: bcs.u256(),
});

/** `staking/node_info.move` `StorageNodeInfo`. */
export const StorageNodeInfo = struct('StorageNodeInfo', {
  name: MoveString,
  network_address: MoveString,
  public_key: bcs.byteVector(),
  capacity: bcs.u64(),
});

/** `staking/storage_node.move` `StorageNodeCap` (owned by the node's operator). */
export const StorageNodeCap = struct('StorageNodeCap', {
  id: UID,
  node_id: ID,
  last_epoch_sync_done: bcs.u32(),
});

/** `staking/pool.move` `ExchangeRate`: a pool's stake and shares at an epoch start. */
export const ExchangeRate = struct('ExchangeRate', { stake: bcs.u64(), shares: bcs.u64() });

/** `staking/pool.move` `StakingPool` (stored in the System's pool table, keyed by node ID). */
export const StakingPool = struct('StakingPool', {
  node_id: ID,
  info: StorageNodeInfo,
  commission_bps: bcs.u16(),
  active_stake: bcs.u64(),
  total_shares: bcs.u64(),
  pending_stake: bcs.u64(),
  pending_withdraw_shares: bcs.u64(),
  exchange_rates: Table,
  stake: Balance,
  withdrawable: Balance,
  commission: Balance,
  absences: bcs.u8(),
  forfeit: bcs.bool(),
});

/** `StakedFloe` (owned by the staker). */
export const StakedFloe = struct('StakedFloe', {
  id: UID,
  node_id: ID,
  principal: bcs.u64(),
  activation_epoch: bcs.u32(),
  withdraw_epoch: bcs.option(bcs.u32()),
});

/** `staking/committee.move` `Committee`. */
export const Committee = struct('Committee', {
  epoch: bcs.u32(),
  members: bcs.vector(ID),
  shards: bcs.vector(bcs.vector(bcs.u16())),
  n_shards: bcs.u16(),
});

/** `staking/epoch_state.move` `EpochState`. */
export const EpochState = Object.assign(
  bcs.enum('EpochState', {
    Done: null,
    Syncing: struct('Syncing', { reported_weight: bcs.u16() }),
  }),
  { variantFields: { Done: [], Syncing: ['reported_weight'] } as Record<string, string[]> },
);

/** `challenge/challenge_round.move` `ChallengeRound`. */
export const ChallengeRound = struct('ChallengeRound', {
  epoch: bcs.u32(),
  round: bcs.u64(),
  seed: bcs.byteVector(),
  certified: bcs.vector(ID),
  certified_weight: bcs.u16(),
  closed: bcs.bool(),
});

/** `staking/bls_aggregate.move` `CommitteeKeys`: member keys (uncompressed G1) and their sum. */
export const CommitteeKeys = struct('CommitteeKeys', {
  keys: bcs.vector(Element),
  total: Element,
});

/** `system/accounting.move` `FutureAccounting`: bytes sold and rewards booked per future epoch. */
export const FutureAccounting = struct('FutureAccounting', {
  first_epoch: bcs.u32(),
  used: bcs.vector(bcs.u64()),
  rewards: bcs.vector(bcs.u64()),
});

/** `system/system.move` `SystemStateV1`, the versioned inner state of the shared System. */
export const SystemStateV1 = struct('SystemStateV1', {
  params: SystemParams,
  epoch: bcs.u32(),
  epoch_start_ms: bcs.u64(),
  epoch_state: EpochState,
  committee: Committee,
  committee_keys: CommitteeKeys,
  total_capacity: bcs.u64(),
  accounting: FutureAccounting,
  reward_pool: Balance,
  /** `Table<ID, StakingPool>`: pools are dynamic fields keyed by node ID. */
  pools: Table,
  node_ids: bcs.vector(ID),
  /** `Table<u256, bool>`. */
  invalidated: Table,
  /** `Table<vector<u8>, bool>`. */
  evidence: Table,
  burned: Balance,
  next_round: bcs.u64(),
  last_round_open_ms: bcs.u64(),
  current_round: bcs.option(ChallengeRound),
  previous_round: bcs.option(ChallengeRound),
});

/** `system/system.move` `System` (shared). */
export const System = struct('System', { id: UID, version: bcs.u64(), inner: SystemStateV1 });

/** `system/system.move` `AdminCap`. */
export const AdminCap = struct('AdminCap', { id: UID });

/** Every struct schema above that mirrors a struct of the Floe package, by Move name. */
export const OBJECT_SCHEMAS = {
  SystemParams,
  Storage,
  Blob,
  StorageNodeInfo,
  StorageNodeCap,
  ExchangeRate,
  StakingPool,
  StakedFloe,
  Committee,
  ChallengeRound,
  CommitteeKeys,
  FutureAccounting,
  SystemStateV1,
  System,
  AdminCap,
} as const;

// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

/// The shared `System` object: a thin versioned wrapper around `SystemStateV1` (epoch, committee,
/// capacity, prices, accounting of future epochs, reward pool, staking pools, challenge rounds,
/// evidence already used). Every entry point of the package takes it first. Governance is the
/// `AdminCap` made at publication.
module floe::system;

use floe::{
    accounting::{Self, FutureAccounting},
    bls_aggregate::{Self, CommitteeKeys},
    challenge_round::ChallengeRound,
    committee::{Self, Committee},
    epoch_state::{Self, EpochState},
    events,
    params::SystemParams,
    pool::StakingPool,
    storage_resource::{Self, Storage}
};
use sui::{balance::{Self, Balance}, clock::Clock, coin::Coin, sui::SUI, table::{Self, Table}};

// === Errors ===

/// The system object was written by another version of the package.
#[error(code = 0)]
const EWrongVersion: vector<u8> = b"Wrong version of the system object";
/// `n_shards` and `max_epochs_ahead` cannot change after creation.
#[error(code = 1)]
const EImmutableParam: vector<u8> = b"n_shards and max_epochs_ahead are fixed";
/// No storage node with this ID.
#[error(code = 2)]
const ENodeNotFound: vector<u8> = b"Unknown storage node";
/// Storage must be reserved for 1..=max_epochs_ahead epochs.
#[error(code = 3)]
const EInvalidEpochsAhead: vector<u8> = b"Invalid number of epochs ahead";
/// Storage size must be positive.
#[error(code = 4)]
const EInvalidSize: vector<u8> = b"Storage size must be positive";
/// The payment coin holds less than the price.
#[error(code = 5)]
const EInsufficientPayment: vector<u8> = b"Payment smaller than the price";

// === Constants ===

const VERSION: u64 = 1;

// === Structs ===

/// Governs the parameters of every system made with it.
public struct AdminCap has key, store {
    id: UID,
}

public struct System has key {
    id: UID,
    version: u64,
    inner: SystemStateV1,
}

public struct SystemStateV1 has store {
    params: SystemParams,
    epoch: u32,
    epoch_start_ms: u64,
    epoch_state: EpochState,
    committee: Committee,
    committee_keys: CommitteeKeys,
    /// Sum of the committee members' capacities, in bytes.
    total_capacity: u64,
    accounting: FutureAccounting,
    /// Payments for storage and writes, paid out epoch by epoch.
    reward_pool: Balance<SUI>,
    pools: Table<ID, StakingPool>,
    /// Every registered node, in registration order.
    node_ids: vector<ID>,
    invalidated: Table<u256, bool>,
    /// Evidence already used for slashing.
    evidence: Table<vector<u8>, bool>,
    /// Slashed stake that nobody may ever spend.
    burned: Balance<SUI>,
    next_round: u64,
    last_round_open_ms: u64,
    current_round: Option<ChallengeRound>,
    previous_round: Option<ChallengeRound>,
}

// === Public functions ===

fun init(ctx: &mut TxContext) {
    transfer::public_transfer(AdminCap { id: object::new(ctx) }, ctx.sender());
}

/// Shares a new system at epoch 0 with an empty committee.
public fun create_system(
    _admin: &AdminCap,
    params: SystemParams,
    clock: &Clock,
    ctx: &mut TxContext,
) {
    transfer::share_object(new(params, clock.timestamp_ms(), ctx));
}

/// Replaces the parameters (all but `n_shards` and `max_epochs_ahead`).
public fun set_params(system: &mut System, _admin: &AdminCap, params: SystemParams) {
    let state = system.inner_mut();
    assert!(params.n_shards() == state.params.n_shards(), EImmutableParam);
    assert!(params.max_epochs_ahead() == state.params.max_epochs_ahead(), EImmutableParam);
    state.params = params;
    events::emit_params_updated(state.epoch);
}

/// Buys `storage_size` bytes for the epochs [current, current + epochs_ahead). Cost:
/// units(size) * storage_price_per_unit * epochs_ahead, taken from `payment`.
public fun reserve_space(
    system: &mut System,
    storage_size: u64,
    epochs_ahead: u32,
    payment: &mut Coin<SUI>,
    ctx: &mut TxContext,
): Storage {
    assert!(storage_size > 0, EInvalidSize);
    let state = system.inner_mut();
    assert!(
        epochs_ahead > 0 && epochs_ahead <= state.params.max_epochs_ahead(),
        EInvalidEpochsAhead,
    );
    let start = state.epoch;
    let end = start + epochs_ahead;
    state.sell_space(start, end, storage_size, payment, ctx);
    let storage = storage_resource::new(start, end, storage_size, ctx);
    events::emit_storage_reserved(object::id(&storage), start, end, storage_size);
    storage
}

// === Package functions ===

/// Books `size` bytes for [start, end) and takes the price from `payment` into the reward pool.
public(package) fun sell_space(
    self: &mut SystemStateV1,
    start: u32,
    end: u32,
    size: u64,
    payment: &mut Coin<SUI>,
    ctx: &mut TxContext,
) {
    let per_epoch = self.params.units(size) * self.params.storage_price_per_unit();
    let cost = per_epoch * ((end - start) as u64);
    assert!(payment.value() >= cost, EInsufficientPayment);
    let capacity = self.total_capacity;
    self.accounting.reserve(start, end, size, capacity);
    self.accounting.add_rewards(start, end, per_epoch);
    self.reward_pool.join(payment.split(cost, ctx).into_balance());
}

/// Takes `amount` from `payment` into the reward pool, booked for the current epoch.
public(package) fun collect_fee(
    self: &mut SystemStateV1,
    amount: u64,
    payment: &mut Coin<SUI>,
    ctx: &mut TxContext,
) {
    assert!(payment.value() >= amount, EInsufficientPayment);
    let epoch = self.epoch;
    self.accounting.add_rewards(epoch, epoch + 1, amount);
    self.reward_pool.join(payment.split(amount, ctx).into_balance());
}

public(package) fun inner(system: &System): &SystemStateV1 {
    assert!(system.version == VERSION, EWrongVersion);
    &system.inner
}

public(package) fun inner_mut(system: &mut System): &mut SystemStateV1 {
    assert!(system.version == VERSION, EWrongVersion);
    &mut system.inner
}

public(package) fun pool_mut(self: &mut SystemStateV1, node_id: ID): &mut StakingPool {
    assert!(self.pools.contains(node_id), ENodeNotFound);
    &mut self.pools[node_id]
}

public(package) fun add_pool(self: &mut SystemStateV1, pool: StakingPool) {
    let node_id = pool.node_id();
    self.node_ids.push_back(node_id);
    self.pools.add(node_id, pool);
}

public(package) fun set_epoch(self: &mut SystemStateV1, epoch: u32, start_ms: u64) {
    self.epoch = epoch;
    self.epoch_start_ms = start_ms;
}

public(package) fun epoch_state_mut(self: &mut SystemStateV1): &mut EpochState {
    &mut self.epoch_state
}

public(package) fun set_committee(
    self: &mut SystemStateV1,
    committee: Committee,
    keys: CommitteeKeys,
    total_capacity: u64,
) {
    self.committee = committee;
    self.committee_keys = keys;
    self.total_capacity = total_capacity;
}

public(package) fun accounting_mut(self: &mut SystemStateV1): &mut FutureAccounting {
    &mut self.accounting
}

public(package) fun reward_pool_mut(self: &mut SystemStateV1): &mut Balance<SUI> {
    &mut self.reward_pool
}

public(package) fun burned_mut(self: &mut SystemStateV1): &mut Balance<SUI> {
    &mut self.burned
}

public(package) fun invalidated_mut(self: &mut SystemStateV1): &mut Table<u256, bool> {
    &mut self.invalidated
}

public(package) fun evidence_mut(self: &mut SystemStateV1): &mut Table<vector<u8>, bool> {
    &mut self.evidence
}

/// Takes the next round number and remembers when it opened.
public(package) fun take_round_number(self: &mut SystemStateV1, now_ms: u64): u64 {
    let round = self.next_round;
    self.next_round = round + 1;
    self.last_round_open_ms = now_ms;
    round
}

public(package) fun current_round_mut(self: &mut SystemStateV1): &mut Option<ChallengeRound> {
    &mut self.current_round
}

public(package) fun previous_round_mut(self: &mut SystemStateV1): &mut Option<ChallengeRound> {
    &mut self.previous_round
}

// === Accessors ===

public fun version(system: &System): u64 { system.version }

public fun params(self: &SystemStateV1): &SystemParams { &self.params }

public fun epoch(self: &SystemStateV1): u32 { self.epoch }

public fun epoch_start_ms(self: &SystemStateV1): u64 { self.epoch_start_ms }

public fun epoch_state(self: &SystemStateV1): &EpochState { &self.epoch_state }

public fun committee(self: &SystemStateV1): &Committee { &self.committee }

public fun committee_keys(self: &SystemStateV1): &CommitteeKeys { &self.committee_keys }

public fun total_capacity(self: &SystemStateV1): u64 { self.total_capacity }

/// Bytes sold for the current epoch.
public fun used_capacity(self: &SystemStateV1): u64 { self.accounting.used_at(self.epoch) }

public fun accounting(self: &SystemStateV1): &FutureAccounting { &self.accounting }

public fun reward_pool_value(self: &SystemStateV1): u64 { self.reward_pool.value() }

public fun burned_value(self: &SystemStateV1): u64 { self.burned.value() }

public fun node_ids(self: &SystemStateV1): &vector<ID> { &self.node_ids }

public fun has_pool(self: &SystemStateV1, node_id: ID): bool { self.pools.contains(node_id) }

public fun pool(self: &SystemStateV1, node_id: ID): &StakingPool {
    assert!(self.pools.contains(node_id), ENodeNotFound);
    &self.pools[node_id]
}

public fun is_invalidated(self: &SystemStateV1, blob_id: u256): bool {
    self.invalidated.contains(blob_id)
}

public fun is_evidence_used(self: &SystemStateV1, key: vector<u8>): bool {
    self.evidence.contains(key)
}

public fun next_round(self: &SystemStateV1): u64 { self.next_round }

public fun last_round_open_ms(self: &SystemStateV1): u64 { self.last_round_open_ms }

public fun current_round(self: &SystemStateV1): &Option<ChallengeRound> { &self.current_round }

public fun previous_round(self: &SystemStateV1): &Option<ChallengeRound> { &self.previous_round }

// === Private ===

fun new(params: SystemParams, now_ms: u64, ctx: &mut TxContext): System {
    let n_shards = params.n_shards();
    let max_epochs_ahead = params.max_epochs_ahead();
    System {
        id: object::new(ctx),
        version: VERSION,
        inner: SystemStateV1 {
            params,
            epoch: 0,
            epoch_start_ms: now_ms,
            epoch_state: epoch_state::done(),
            committee: committee::empty(n_shards),
            committee_keys: bls_aggregate::new_keys(&vector[]),
            total_capacity: 0,
            accounting: accounting::new(0, max_epochs_ahead),
            reward_pool: balance::zero(),
            pools: table::new(ctx),
            node_ids: vector[],
            invalidated: table::new(ctx),
            evidence: table::new(ctx),
            burned: balance::zero(),
            next_round: 1,
            last_round_open_ms: 0,
            current_round: option::none(),
            previous_round: option::none(),
        },
    }
}

// === Tests ===

#[test_only]
public fun new_for_testing(params: SystemParams, now_ms: u64, ctx: &mut TxContext): System {
    new(params, now_ms, ctx)
}

#[test_only]
public fun new_admin_cap_for_testing(ctx: &mut TxContext): AdminCap {
    AdminCap { id: object::new(ctx) }
}

#[test_only]
public fun init_for_testing(ctx: &mut TxContext) {
    init(ctx);
}

#[test_only]
public fun set_version_for_testing(system: &mut System, version: u64) {
    system.version = version;
}

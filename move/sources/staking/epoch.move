// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

/// The epoch state machine (PROTOCOL.md section 6). `initiate_epoch_change` may run once the
/// clock says the epoch is over: it pays the finished epoch's rewards, applies pending stake and
/// withdrawals, selects the next committee, apportions and moves shards (minimal movement plus a
/// random rotation) and starts the sync. Members report `epoch_sync_done` once they hold their
/// shards; the change is done at quorum weight. No step waits on a deadline.
module floe::epoch;

use floe::{
    apportionment,
    bls_aggregate,
    committee,
    epoch_state,
    events,
    storage_node::StorageNodeCap,
    system::{System, SystemStateV1}
};
use sui::{clock::Clock, random::{Random, RandomGenerator}};

// === Errors ===

/// An epoch change is already in progress.
#[error(code = 0)]
const EChangeInProgress: vector<u8> = b"An epoch change is in progress";
/// The current epoch has not lasted `epoch_duration_ms` yet.
#[error(code = 1)]
const EEpochNotOver: vector<u8> = b"The current epoch is not over";
/// No pool has enough stake to form a committee.
#[error(code = 2)]
const ENoCandidates: vector<u8> = b"No storage node has enough stake";
/// No epoch change is in progress.
#[error(code = 3)]
const ENotSyncing: vector<u8> = b"No epoch change in progress";
/// The report is for another epoch.
#[error(code = 4)]
const EWrongEpoch: vector<u8> = b"Report for another epoch";
/// The node is not a member of the current committee.
#[error(code = 5)]
const ENotCommitteeMember: vector<u8> = b"Not a member of the committee";
/// The node already reported for this epoch.
#[error(code = 6)]
const EAlreadyReported: vector<u8> = b"Already reported for this epoch";

// === Constants ===

const MAX_BPS: u64 = 10_000;

// === Public functions ===

/// Starts the change to the next epoch with randomness from `sui::random`.
entry fun initiate_epoch_change(
    system: &mut System,
    random: &Random,
    clock: &Clock,
    ctx: &mut TxContext,
) {
    let mut generator = random.new_generator(ctx);
    initiate_epoch_change_with(system, &mut generator, clock, ctx);
}

/// A member of the current committee reports that it holds all its shards for `epoch`.
public fun epoch_sync_done(
    system: &mut System,
    cap: &mut StorageNodeCap,
    epoch: u32,
    clock: &Clock,
) {
    // The Clock is part of the entry point's signature but no step here waits on time; reading it
    // keeps the parameter observably used (Sui lint `unused_object_with_fields`) without an
    // `allow` attribute that CLIs without that lint report as an unknown filter.
    let _ = clock.timestamp_ms();
    let state = system.inner_mut();
    assert!(!state.epoch_state().is_done(), ENotSyncing);
    assert!(epoch == state.epoch(), EWrongEpoch);
    let node_id = cap.node_id();
    assert!(state.committee().contains(&node_id), ENotCommitteeMember);
    assert!(cap.last_epoch_sync_done() < epoch, EAlreadyReported);
    cap.set_last_epoch_sync_done(epoch);
    let weight = state.committee().weight_of(&node_id);
    let total = state.epoch_state_mut().add_weight(weight);
    events::emit_shards_received(epoch, node_id, weight);
    if (state.committee().is_quorum(total)) {
        *state.epoch_state_mut() = epoch_state::done();
        events::emit_epoch_change_done(epoch);
    }
}

// === Package functions ===

/// `initiate_epoch_change` with an injected generator (tests, and the embedded chain mirrors
/// the same u64 stream).
public(package) fun initiate_epoch_change_with(
    system: &mut System,
    generator: &mut RandomGenerator,
    clock: &Clock,
    _ctx: &mut TxContext,
) {
    let state = system.inner_mut();
    assert!(state.epoch_state().is_done(), EChangeInProgress);
    let now = clock.timestamp_ms();
    let epoch = state.epoch();
    assert!(
        epoch == 0 || now >= state.epoch_start_ms() + state.params().epoch_duration_ms(),
        EEpochNotOver,
    );
    let next = epoch + 1;
    pay_rewards(state, epoch);

    // Pending stake and withdrawals take effect.
    let ids = *state.node_ids();
    ids.do_ref!(|id| state.pool_mut(*id).process_boundary(next));

    // Selection and apportionment.
    let params = *state.params();
    let n_shards = params.n_shards();
    let stakes = ids.map_ref!(|id| state.pool(*id).active_stake());
    let (members, member_stakes) = apportionment::select(
        &ids,
        &stakes,
        params.min_stake(),
        params.max_committee_size(),
    );
    assert!(!members.is_empty(), ENoCandidates);
    let counts = apportionment::dhondt(&member_stakes, n_shards, params.max_shards_per_node());

    // Minimal movement from the previous owners, then the random rotation.
    let old = *state.committee();
    let old_owners = old.shard_owners();
    let old_members = *old.members();
    let previous = vector::tabulate!(n_shards as u64, |s| {
        if (old_owners[s] < old_members.length()) option::some(old_members[old_owners[s]])
        else option::none()
    });
    let mut owners = apportionment::transition(&previous, &members, &counts);
    let swaps = (n_shards as u64) * (params.rotation_bps() as u64) / MAX_BPS;
    let rotated = apportionment::rotate(&mut owners, swaps, generator);
    let shards = apportionment::shards_by_member(&owners, members.length());

    let keys = bls_aggregate::new_keys(&members.map_ref!(|id| state.pool(*id).public_key()));
    let mut capacity = 0;
    members.do_ref!(|id| capacity = capacity + state.pool(*id).capacity());
    state.set_committee(committee::new(next, members, shards, n_shards), keys, capacity);
    state.set_epoch(next, now);
    *state.current_round_mut() = option::none();
    *state.previous_round_mut() = option::none();

    events::emit_epoch_change_start(next);
    events::emit_committee_selected(next, members, shards, rotated);
    if (old.is_empty()) {
        *state.epoch_state_mut() = epoch_state::done();
        events::emit_epoch_change_done(next);
    } else {
        *state.epoch_state_mut() = epoch_state::syncing();
    }
}

// === Private ===

/// Pays the rewards booked for `epoch` to its committee in proportion to shards. A member whose
/// rewards are forfeited gets nothing (the flag clears); what is not paid carries into the next
/// epoch. Advances the accounting window.
fun pay_rewards(state: &mut SystemStateV1, epoch: u32) {
    let booked = state.accounting_mut().advance();
    let finished = *state.committee();
    let members = *finished.members();
    let n = finished.n_shards() as u128;
    let mut paid = 0;
    members.length().do!(|i| {
        let node_id = members[i];
        let amount = (((booked as u128) * (finished.weight_at(i) as u128)) / n) as u64;
        if (state.pool(node_id).forfeit()) {
            state.pool_mut(node_id).set_forfeit(false);
        } else {
            let reward = state.reward_pool_mut().split(amount);
            state.pool_mut(node_id).add_rewards(reward);
            paid = paid + amount;
            events::emit_rewards_paid(epoch, node_id, amount);
        }
    });
    state.accounting_mut().add_rewards(epoch + 1, epoch + 2, booked - paid);
}

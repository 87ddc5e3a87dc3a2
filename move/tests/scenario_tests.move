// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

/// Whole flows: nodes register and stake, the first epoch starts, a blob is registered and
/// certified with a real BLS aggregate, the committee changes with shard migration, a challenge
/// round tolerates a late node, repeated absence and a forged proof are slashed.
#[test_only]
module floe::scenario_tests;

use floe::{
    blob_ops,
    challenge,
    epoch,
    events,
    slashing,
    staking_pool,
    storage_node::StorageNodeCap,
    system,
    test_runner::{Self, Runner},
    test_vectors as tv
};
use std::unit_test::{assert_eq, destroy};
use sui::{event, random};

const SPACE: u64 = 11 * 1024;

fun open(runner: &mut Runner) {
    let mut generator = random::new_generator_from_seed_for_testing(b"scenario");
    let (system, clock, ctx) = runner.parts();
    challenge::open_challenge_round_with(system, &mut generator, clock, ctx);
}

fun certify(runner: &mut Runner, caps: &vector<StorageNodeCap>, round: u64, node: u64) {
    challenge::submit_challenge_certificate(
        runner.sys(),
        &caps[node],
        round,
        tv::challenge_signature(round, node),
        x"0f",
        tv::challenge_message(round, node),
    );
}

#[test]
fun register_stake_first_epoch_and_certify_a_blob() {
    let mut runner = test_runner::start();
    let (caps, stakes) = runner.epoch_one();
    assert_eq!(runner.current_epoch(), 1);

    let mut payment = runner.mint(10_000);
    let (system, _, ctx) = runner.parts();
    let storage = system::reserve_space(system, SPACE, 2, &mut payment, ctx);
    let mut blob = blob_ops::register_blob(
        system,
        storage,
        tv::blob_id(),
        tv::blob_root(),
        tv::blob_size(),
        1,
        false,
        &mut payment,
        ctx,
    );
    // Aggregate of members 0, 1, 2 made off chain; the chain subtracts member 3's key.
    blob_ops::certify_blob(
        runner.sys(),
        &mut blob,
        tv::certificate_signature_three(),
        x"07",
        tv::certificate_message(),
    );
    assert_eq!(blob.certified_epoch(), option::some(1));
    assert_eq!(event::events_by_type<events::BlobRegistered>().length(), 1);
    assert_eq!(event::events_by_type<events::BlobCertified>().length(), 1);
    destroy(blob);
    destroy(payment);
    destroy(caps);
    destroy(stakes);
    runner.finish();
}

#[test]
fun epoch_change_migrates_the_fewest_shards() {
    let mut runner = test_runner::start();
    let (mut caps, mut stakes) = runner.epoch_one();
    // Node 0 doubles its stake, node 3 leaves.
    let extra = runner.stake(0, test_runner::stake_amount());
    let (system, _, ctx) = runner.parts();
    staking_pool::request_withdraw(system, &mut stakes[3], ctx);
    runner.advance_epoch();

    let state = runner.sys().inner();
    assert_eq!(state.epoch(), 2);
    assert!(!state.epoch_state().is_done());
    let committee = state.committee();
    assert_eq!(*committee.members(), vector[tv::node_id(0), tv::node_id(1), tv::node_id(2)]);
    // D'Hondt 2000 : 1000 : 1000 gives 6, 2, 2. Nodes 1 and 2 keep their lowest shards; node 0
    // keeps 0, 1, 2 and receives 5 (from node 1) and 8, 9 (from node 3).
    assert_eq!(*committee.shards(), vector[vector[0, 1, 2, 5, 8, 9], vector[3, 4], vector[6, 7]]);

    // Node 0 alone (6) is not a quorum; with node 1 (8) it is.
    let (system, clock, _) = runner.parts();
    epoch::epoch_sync_done(system, &mut caps[0], 2, clock);
    assert!(!system.inner().epoch_state().is_done());
    epoch::epoch_sync_done(system, &mut caps[1], 2, clock);
    assert!(system.inner().epoch_state().is_done());

    // Node 3's stake left at the boundary and is paid out in full.
    let leaving = stakes.pop_back();
    let (system, _, ctx) = runner.parts();
    let coin = staking_pool::withdraw(system, leaving, ctx);
    assert_eq!(coin.value(), test_runner::stake_amount());
    assert_eq!(runner.sys().inner().pool(tv::node_id(3)).active_stake(), 0);
    destroy(coin);
    destroy(extra);
    destroy(caps);
    destroy(stakes);
    runner.finish();
}

#[test]
fun challenge_round_with_a_late_node() {
    let mut runner = test_runner::start();
    let (caps, stakes) = runner.epoch_one();
    open(&mut runner);
    certify(&mut runner, &caps, 1, 0);
    certify(&mut runner, &caps, 1, 1);
    certify(&mut runner, &caps, 1, 2);
    assert!(runner.sys().inner().current_round().borrow().closed());

    // Round 2 opens; node 3 posts round 1's certificate late. That is fine.
    runner.advance_clock(test_runner::interval_ms());
    open(&mut runner);
    certify(&mut runner, &caps, 1, 3);
    assert!(runner.sys().inner().previous_round().borrow().has_certified(&tv::node_id(3)));

    // Round 2 closes: round 1 is finalized and nobody was absent.
    certify(&mut runner, &caps, 2, 0);
    certify(&mut runner, &caps, 2, 1);
    certify(&mut runner, &caps, 2, 2);
    let state = runner.sys().inner();
    assert!(state.previous_round().is_none());
    assert_eq!(event::events_by_type<events::ChallengeRoundClosed>().length(), 2);
    assert_eq!(event::events_by_type<events::NodeAbsent>().length(), 0);
    assert_eq!(state.pool(tv::node_id(3)).absences(), 0);
    assert!(!state.pool(tv::node_id(3)).forfeit());
    assert_eq!(state.burned_value(), 0);
    destroy(caps);
    destroy(stakes);
    runner.finish();
}

#[test]
fun repeated_absence_forfeits_then_slashes() {
    let mut runner = test_runner::start();
    let (caps, stakes) = runner.epoch_one();
    open(&mut runner);
    certify(&mut runner, &caps, 1, 0);
    certify(&mut runner, &caps, 1, 1);
    certify(&mut runner, &caps, 1, 2);

    runner.advance_clock(test_runner::interval_ms());
    open(&mut runner);
    certify(&mut runner, &caps, 2, 0);
    certify(&mut runner, &caps, 2, 1);
    certify(&mut runner, &caps, 2, 2);
    // Round 1 finalized: node 3 never certified it.
    let state = runner.sys().inner();
    assert_eq!(state.pool(tv::node_id(3)).absences(), 1);
    assert!(state.pool(tv::node_id(3)).forfeit());
    assert_eq!(state.pool(tv::node_id(3)).active_stake(), 1_000);
    assert_eq!(event::events_by_type<events::NodeAbsent>().length(), 1);

    runner.advance_clock(test_runner::interval_ms());
    open(&mut runner);
    certify(&mut runner, &caps, 3, 0);
    certify(&mut runner, &caps, 3, 1);
    certify(&mut runner, &caps, 3, 2);
    // Round 2 finalized: second absence in a row, 5% slashed and burned, count restarts.
    let state = runner.sys().inner();
    assert_eq!(state.pool(tv::node_id(3)).absences(), 0);
    assert_eq!(state.pool(tv::node_id(3)).active_stake(), 950);
    assert_eq!(state.burned_value(), 50);
    assert_eq!(state.pool(tv::node_id(0)).active_stake(), 1_000);
    assert_eq!(event::events_by_type<events::NodeSlashed>().length(), 1);
    destroy(caps);
    destroy(stakes);
    runner.finish();
}

#[test]
fun forged_proof_is_slashed_and_no_one_else() {
    let mut runner = test_runner::start();
    let (caps, stakes) = runner.epoch_one();
    let mut payment = runner.mint(10_000);
    let (system, _, ctx) = runner.parts();
    let storage = system::reserve_space(system, SPACE, 2, &mut payment, ctx);
    let mut blob = blob_ops::register_blob(
        system,
        storage,
        tv::blob_id(),
        tv::blob_root(),
        tv::blob_size(),
        1,
        false,
        &mut payment,
        ctx,
    );
    blob_ops::certify_blob(
        runner.sys(),
        &mut blob,
        tv::certificate_signature_all(),
        x"0f",
        tv::certificate_message(),
    );
    // Node 1 signed a symbol of this blob whose path does not lead to the blob's root.
    let (system, _, ctx) = runner.parts();
    let reward = slashing::report_invalid_symbol(
        system,
        tv::node_id(1),
        tv::forged_symbol_signature(),
        tv::forged_symbol_message(),
        ctx,
    );
    assert_eq!(reward.value(), 10);
    let state = runner.sys().inner();
    assert_eq!(state.pool(tv::node_id(1)).active_stake(), 900);
    assert_eq!(state.pool(tv::node_id(0)).active_stake(), 1_000);
    assert_eq!(state.pool(tv::node_id(2)).active_stake(), 1_000);
    assert_eq!(state.pool(tv::node_id(3)).active_stake(), 1_000);
    assert_eq!(state.burned_value(), 90);
    destroy(reward);
    destroy(blob);
    destroy(payment);
    destroy(caps);
    destroy(stakes);
    runner.finish();
}

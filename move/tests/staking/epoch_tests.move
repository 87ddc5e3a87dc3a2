// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

#[test_only]
module floe::epoch_tests;

use floe::{epoch, events, test_runner, test_vectors as tv};
use std::unit_test::{assert_eq, destroy};
use sui::{event, random};

#[test]
fun first_epoch_selects_the_staked_nodes() {
    let mut runner = test_runner::start();
    let (caps, stakes) = runner.epoch_one();
    let state = runner.sys().inner();
    assert_eq!(state.epoch(), 1);
    assert_eq!(state.epoch_start_ms(), test_runner::epoch_ms());
    // The previous committee was empty: the change is done at once.
    assert!(state.epoch_state().is_done());
    let committee = state.committee();
    assert_eq!(committee.epoch(), 1);
    assert_eq!(*committee.members(), vector::tabulate!(4, |i| tv::node_id(i)));
    assert_eq!(
        *committee.shards(),
        vector[vector[0, 1, 2], vector[3, 4, 5], vector[6, 7], vector[8, 9]],
    );
    assert_eq!(state.total_capacity(), 4 * test_runner::capacity());
    assert_eq!(state.committee_keys().size(), 4);
    assert_eq!(event::events_by_type<events::EpochChangeStart>().length(), 1);
    assert_eq!(event::events_by_type<events::CommitteeSelected>().length(), 1);
    assert_eq!(event::events_by_type<events::EpochChangeDone>().length(), 1);
    destroy(caps);
    destroy(stakes);
    runner.finish();
}

#[test]
fun sync_reports_reach_quorum() {
    let mut runner = test_runner::start();
    let (mut caps, stakes) = runner.epoch_one();
    runner.advance_epoch();
    assert!(!runner.sys().inner().epoch_state().is_done());
    let (system, clock, _) = runner.parts();
    // 3 + 3 = 6 < 7: still syncing.
    epoch::epoch_sync_done(system, &mut caps[0], 2, clock);
    epoch::epoch_sync_done(system, &mut caps[1], 2, clock);
    assert_eq!(system.inner().epoch_state().reported_weight(), 6);
    assert!(!system.inner().epoch_state().is_done());
    // + 2 = 8 >= 7: done.
    epoch::epoch_sync_done(system, &mut caps[3], 2, clock);
    assert!(system.inner().epoch_state().is_done());
    assert_eq!(caps[3].last_epoch_sync_done(), 2);
    assert_eq!(event::events_by_type<events::ShardsReceived>().length(), 3);
    assert_eq!(event::events_by_type<events::EpochChangeDone>().length(), 2);
    destroy(caps);
    destroy(stakes);
    runner.finish();
}

#[test]
fun rotation_keeps_the_counts() {
    let mut runner = test_runner::start_with(test_runner::params_with_rotation(5_000));
    let (caps, stakes) = runner.epoch_one();
    let shards = *runner.sys().inner().committee().shards();
    assert_eq!(shards[0].length(), 3);
    assert_eq!(shards[1].length(), 3);
    assert_eq!(shards[2].length(), 2);
    assert_eq!(shards[3].length(), 2);
    let mut all = vector[];
    shards.do!(|s| all.append(s));
    assert_eq!(all.length(), 10);
    10u64.do!(|i| assert!(all.contains(&(i as u16))));
    destroy(caps);
    destroy(stakes);
    runner.finish();
}

#[test]
fun rewards_follow_shards_and_forfeit_carries_over() {
    let mut runner = test_runner::start();
    let (mut caps, stakes) = runner.epoch_one();
    let mut payment = runner.mint(1_000);
    let (system, _, ctx) = runner.parts();
    let storage = floe::system::reserve_space(system, 100 * 1024, 1, &mut payment, ctx);
    // Node 3 lost its rewards for epoch 1 (as a finalized absence would do).
    let state = runner.sys().inner_mut();
    state.pool_mut(tv::node_id(3)).set_forfeit(true);
    runner.advance_epoch();
    runner.sync(&mut caps);
    let state = runner.sys().inner();
    // 500 booked: 150, 150, 100 paid, node 3's 100 carried into epoch 2.
    assert_eq!(event::events_by_type<events::RewardsPaid>().length(), 3);
    assert_eq!(state.pool(tv::node_id(2)).active_stake(), 1_000 + 90);
    assert_eq!(state.pool(tv::node_id(3)).active_stake(), 1_000);
    assert!(!state.pool(tv::node_id(3)).forfeit());
    assert_eq!(state.accounting().rewards_at(2), 100);
    destroy(storage);
    destroy(payment);
    destroy(caps);
    destroy(stakes);
    runner.finish();
}

#[test, expected_failure(abort_code = floe::epoch::EEpochNotOver)]
fun epoch_not_over() {
    let mut runner = test_runner::start();
    let (_caps, _stakes) = runner.epoch_one();
    let mut generator = random::new_generator_from_seed_for_testing(b"x");
    let (system, clock, ctx) = runner.parts();
    epoch::initiate_epoch_change_with(system, &mut generator, clock, ctx);
    abort
}

#[test, expected_failure(abort_code = floe::epoch::EChangeInProgress)]
fun change_in_progress() {
    let mut runner = test_runner::start();
    let (_caps, _stakes) = runner.epoch_one();
    runner.advance_epoch();
    runner.advance_epoch();
    abort
}

#[test, expected_failure(abort_code = floe::epoch::ENoCandidates)]
fun no_candidates() {
    let mut runner = test_runner::start();
    let _caps = runner.register_all();
    runner.advance_epoch();
    abort
}

#[test, expected_failure(abort_code = floe::epoch::ENotSyncing)]
fun report_when_done() {
    let mut runner = test_runner::start();
    let (mut caps, _stakes) = runner.epoch_one();
    let (system, clock, _) = runner.parts();
    epoch::epoch_sync_done(system, &mut caps[0], 1, clock);
    abort
}

#[test, expected_failure(abort_code = floe::epoch::EWrongEpoch)]
fun report_for_another_epoch() {
    let mut runner = test_runner::start();
    let (mut caps, _stakes) = runner.epoch_one();
    runner.advance_epoch();
    let (system, clock, _) = runner.parts();
    epoch::epoch_sync_done(system, &mut caps[0], 3, clock);
    abort
}

#[test, expected_failure(abort_code = floe::epoch::ENotCommitteeMember)]
fun report_by_a_non_member() {
    let mut runner = test_runner::start();
    let mut caps = runner.register_all();
    let _stakes = vector::tabulate!(3, |i| runner.stake(i, 1_000));
    runner.advance_epoch();
    runner.advance_epoch();
    let (system, clock, _) = runner.parts();
    epoch::epoch_sync_done(system, &mut caps[3], 2, clock);
    abort
}

#[test, expected_failure(abort_code = floe::epoch::EAlreadyReported)]
fun report_twice() {
    let mut runner = test_runner::start();
    let (mut caps, _stakes) = runner.epoch_one();
    runner.advance_epoch();
    let (system, clock, _) = runner.parts();
    epoch::epoch_sync_done(system, &mut caps[0], 2, clock);
    epoch::epoch_sync_done(system, &mut caps[0], 2, clock);
    abort
}

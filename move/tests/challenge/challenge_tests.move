// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

#[test_only]
module floe::challenge_tests;

use floe::{
    challenge,
    events,
    storage_node::StorageNodeCap,
    test_runner::{Self, Runner},
    test_vectors as tv
};
use std::unit_test::{assert_eq, destroy};
use sui::{event, random};

fun open(runner: &mut Runner) {
    let mut generator = random::new_generator_from_seed_for_testing(b"challenge");
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
fun open_draws_a_seed() {
    let mut runner = test_runner::start();
    let (caps, stakes) = runner.epoch_one();
    open(&mut runner);
    let state = runner.sys().inner();
    let round = state.current_round().borrow();
    assert_eq!(round.round(), 1);
    assert_eq!(round.epoch(), 1);
    assert_eq!(round.seed().length(), 32);
    assert!(!round.closed());
    assert_eq!(state.next_round(), 2);
    assert_eq!(state.last_round_open_ms(), test_runner::epoch_ms());
    assert!(state.previous_round().is_none());
    assert_eq!(event::events_by_type<events::ChallengeRoundOpened>().length(), 1);
    destroy(caps);
    destroy(stakes);
    runner.finish();
}

#[test]
fun round_closes_at_quorum_weight() {
    let mut runner = test_runner::start();
    let (caps, stakes) = runner.epoch_one();
    open(&mut runner);
    certify(&mut runner, &caps, 1, 0);
    certify(&mut runner, &caps, 1, 1);
    // 3 + 3 = 6 < 7.
    assert!(!runner.sys().inner().current_round().borrow().closed());
    certify(&mut runner, &caps, 1, 2);
    let round = runner.sys().inner().current_round().borrow();
    assert!(round.closed());
    assert_eq!(round.certified_weight(), 8);
    assert!(round.has_certified(&tv::node_id(2)));
    assert_eq!(event::events_by_type<events::ChallengeRoundClosed>().length(), 1);
    // Late but welcome while the round is current.
    certify(&mut runner, &caps, 1, 3);
    assert_eq!(runner.sys().inner().current_round().borrow().certified().length(), 4);
    assert_eq!(event::events_by_type<events::ChallengeCertified>().length(), 4);
    destroy(caps);
    destroy(stakes);
    runner.finish();
}

#[test, expected_failure(abort_code = floe::challenge::EEpochChangeInProgress)]
fun open_during_epoch_change() {
    let mut runner = test_runner::start();
    let (_caps, _stakes) = runner.epoch_one();
    runner.advance_epoch();
    open(&mut runner);
    abort
}

#[test, expected_failure(abort_code = floe::challenge::ERoundOpen)]
fun open_while_open() {
    let mut runner = test_runner::start();
    let (_caps, _stakes) = runner.epoch_one();
    open(&mut runner);
    runner.advance_clock(test_runner::interval_ms());
    open(&mut runner);
    abort
}

#[test, expected_failure(abort_code = floe::challenge::ETooEarly)]
fun open_too_early() {
    let mut runner = test_runner::start();
    let (caps, _stakes) = runner.epoch_one();
    open(&mut runner);
    certify(&mut runner, &caps, 1, 0);
    certify(&mut runner, &caps, 1, 1);
    certify(&mut runner, &caps, 1, 2);
    open(&mut runner);
    abort
}

#[test, expected_failure(abort_code = floe::challenge::ENoCommittee)]
fun open_without_committee() {
    let mut runner = test_runner::start();
    open(&mut runner);
    abort
}

#[test, expected_failure(abort_code = floe::challenge::ENotCommitteeMember)]
fun certificate_of_a_non_member() {
    let mut runner = test_runner::start();
    let caps = runner.register_all();
    let _stakes = vector::tabulate!(3, |i| runner.stake(i, 1_000));
    runner.advance_epoch();
    open(&mut runner);
    certify(&mut runner, &caps, 1, 3);
    abort
}

#[test, expected_failure(abort_code = floe::challenge::EUnknownRound)]
fun certificate_for_a_round_not_open() {
    let mut runner = test_runner::start();
    let (caps, _stakes) = runner.epoch_one();
    open(&mut runner);
    certify(&mut runner, &caps, 2, 0);
    abort
}

#[test, expected_failure(abort_code = floe::challenge::EAttestationMismatch)]
fun certificate_for_another_node() {
    let mut runner = test_runner::start();
    let (caps, _stakes) = runner.epoch_one();
    open(&mut runner);
    challenge::submit_challenge_certificate(
        runner.sys(),
        &caps[0],
        1,
        tv::challenge_signature(1, 1),
        x"0f",
        tv::challenge_message(1, 1),
    );
    abort
}

#[test, expected_failure(abort_code = floe::challenge::EAlreadyCertified)]
fun certificate_twice() {
    let mut runner = test_runner::start();
    let (caps, _stakes) = runner.epoch_one();
    open(&mut runner);
    certify(&mut runner, &caps, 1, 0);
    certify(&mut runner, &caps, 1, 0);
    abort
}

#[test, expected_failure(abort_code = floe::bls_aggregate::EInvalidSignature)]
fun certificate_with_a_foreign_signature() {
    let mut runner = test_runner::start();
    let (caps, _stakes) = runner.epoch_one();
    open(&mut runner);
    challenge::submit_challenge_certificate(
        runner.sys(),
        &caps[0],
        1,
        tv::challenge_signature(1, 1),
        x"0f",
        tv::challenge_message(1, 0),
    );
    abort
}

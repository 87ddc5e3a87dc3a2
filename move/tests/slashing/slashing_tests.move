// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

#[test_only]
module floe::slashing_tests;

use floe::{events, messages, slashing, test_runner::{Self, Runner}, test_vectors as tv};
use std::unit_test::{assert_eq, destroy};
use sui::event;

fun epoch_one(): Runner {
    let mut runner = test_runner::start();
    let (caps, stakes) = runner.epoch_one();
    destroy(caps);
    destroy(stakes);
    runner
}

#[test]
fun proof_check_matches_the_off_chain_tree() {
    assert!(slashing::proof_is_valid(&messages::parse_signed_symbol(tv::valid_symbol_message())));
    assert!(!slashing::proof_is_valid(&messages::parse_signed_symbol(tv::forged_symbol_message())));
}

#[test]
fun index_beyond_the_path_is_invalid() {
    // Pair index 2 + 16: the low bits still walk the same path, but 4 siblings address 16 leaves.
    let mut m = tv::valid_symbol_message();
    let b = &mut m[80];
    *b = 18;
    assert!(!slashing::proof_is_valid(&messages::parse_signed_symbol(m)));
}

#[test]
fun forged_symbol_is_slashed_once_and_the_reporter_paid() {
    let mut runner = epoch_one();
    let (system, _, ctx) = runner.parts();
    let reward = slashing::report_invalid_symbol(
        system,
        tv::node_id(1),
        tv::forged_symbol_signature(),
        tv::forged_symbol_message(),
        ctx,
    );
    // 10% of 1000 slashed; 10% of that to the reporter, the rest burned.
    assert_eq!(reward.value(), 10);
    let state = runner.sys().inner();
    assert_eq!(state.pool(tv::node_id(1)).active_stake(), 900);
    assert_eq!(state.burned_value(), 90);
    assert!(state.is_evidence_used(sui::hash::blake2b256(&tv::forged_symbol_message())));
    assert!(!state.is_evidence_used(sui::hash::blake2b256(&tv::valid_symbol_message())));
    assert_eq!(event::events_by_type<events::NodeSlashed>().length(), 1);
    destroy(reward);
    runner.finish();
}

#[test]
fun equivocation_is_slashed() {
    let mut runner = epoch_one();
    let (system, _, ctx) = runner.parts();
    let reward = slashing::report_equivocation(
        system,
        tv::node_id(3),
        tv::equivocation_signature_a(),
        tv::equivocation_message_a(),
        tv::equivocation_signature_b(),
        tv::equivocation_message_b(),
        ctx,
    );
    assert_eq!(reward.value(), 10);
    assert_eq!(runner.sys().inner().pool(tv::node_id(3)).active_stake(), 900);
    destroy(reward);
    runner.finish();
}

#[test]
fun slash_node_splits_reporter_and_burn() {
    let mut runner = epoch_one();
    let state = runner.sys().inner_mut();
    let share = slashing::slash_node(state, tv::node_id(0), 5_000, 2, @0x0, 2_000);
    assert_eq!(share.value(), 100);
    assert_eq!(state.burned_value(), 400);
    assert_eq!(state.pool(tv::node_id(0)).active_stake(), 500);
    destroy(share);
    runner.finish();
}

#[test, expected_failure(abort_code = floe::slashing::EProofValid)]
fun valid_proof_is_not_punished() {
    let mut runner = epoch_one();
    let (system, _, ctx) = runner.parts();
    let _reward = slashing::report_invalid_symbol(
        system,
        tv::node_id(1),
        tv::valid_symbol_signature(),
        tv::valid_symbol_message(),
        ctx,
    );
    abort
}

#[test, expected_failure(abort_code = floe::slashing::EEvidenceUsed)]
fun evidence_used_twice() {
    let mut runner = epoch_one();
    let (system, _, ctx) = runner.parts();
    let _first = slashing::report_invalid_symbol(
        system,
        tv::node_id(1),
        tv::forged_symbol_signature(),
        tv::forged_symbol_message(),
        ctx,
    );
    let _second = slashing::report_invalid_symbol(
        system,
        tv::node_id(1),
        tv::forged_symbol_signature(),
        tv::forged_symbol_message(),
        ctx,
    );
    abort
}

#[test, expected_failure(abort_code = floe::slashing::EInvalidSignature)]
fun message_not_signed_by_the_node() {
    let mut runner = epoch_one();
    let (system, _, ctx) = runner.parts();
    let _reward = slashing::report_invalid_symbol(
        system,
        tv::node_id(2),
        tv::forged_symbol_signature(),
        tv::forged_symbol_message(),
        ctx,
    );
    abort
}

#[test, expected_failure(abort_code = floe::slashing::EBlobIdMismatch)]
fun blob_id_not_derived_from_the_signed_root() {
    let mut runner = epoch_one();
    let (system, _, ctx) = runner.parts();
    let _reward = slashing::report_invalid_symbol(
        system,
        tv::node_id(1),
        tv::wrong_id_symbol_signature(),
        tv::wrong_id_symbol_message(),
        ctx,
    );
    abort
}

#[test, expected_failure(abort_code = floe::slashing::ENotConflicting)]
fun same_statement_twice_is_not_equivocation() {
    let mut runner = epoch_one();
    let (system, _, ctx) = runner.parts();
    let _reward = slashing::report_equivocation(
        system,
        tv::node_id(3),
        tv::equivocation_signature_a(),
        tv::equivocation_message_a(),
        tv::equivocation_signature_a(),
        tv::equivocation_message_a(),
        ctx,
    );
    abort
}

#[test, expected_failure(abort_code = floe::slashing::EEvidenceUsed)]
fun equivocation_reported_twice() {
    let mut runner = epoch_one();
    let (system, _, ctx) = runner.parts();
    let _first = slashing::report_equivocation(
        system,
        tv::node_id(3),
        tv::equivocation_signature_a(),
        tv::equivocation_message_a(),
        tv::equivocation_signature_b(),
        tv::equivocation_message_b(),
        ctx,
    );
    let _second = slashing::report_equivocation(
        system,
        tv::node_id(3),
        tv::equivocation_signature_b(),
        tv::equivocation_message_b(),
        tv::equivocation_signature_a(),
        tv::equivocation_message_a(),
        ctx,
    );
    abort
}

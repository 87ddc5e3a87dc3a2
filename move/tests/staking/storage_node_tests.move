// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

#[test_only]
module floe::storage_node_tests;

use floe::{events, storage_node, test_runner, test_vectors as tv};
use std::unit_test::{assert_eq, destroy};
use sui::{event, test_scenario as ts};

#[test]
fun register_verifies_the_proof_of_possession() {
    let mut runner = test_runner::start();
    let cap = runner.register(0);
    assert_eq!(cap.node_id(), tv::node_id(0));
    assert_eq!(cap.last_epoch_sync_done(), 0);
    let state = runner.sys().inner();
    assert!(state.has_pool(tv::node_id(0)));
    assert_eq!(state.pool(tv::node_id(0)).public_key(), tv::public_key(0));
    assert_eq!(state.pool(tv::node_id(0)).capacity(), test_runner::capacity());
    assert_eq!(*state.node_ids(), vector[tv::node_id(0)]);
    assert_eq!(event::events_by_type<events::NodeRegistered>().length(), 1);
    destroy(cap);
    runner.finish();
}

#[test]
fun register_node_makes_a_fresh_node_id() {
    let mut runner = test_runner::start();
    let (system, _, ctx) = runner.parts();
    let cap = storage_node::register_node(
        system,
        b"n".to_string(),
        b"a".to_string(),
        tv::public_key(1),
        tv::proof_of_possession(1),
        10,
        0,
        ctx,
    );
    assert!(runner.sys().inner().has_pool(cap.node_id()));
    assert!(cap.node_id() != object::id(&cap));
    destroy(cap);
    runner.finish();
}

#[test, expected_failure(abort_code = floe::storage_node::EInvalidProofOfPossession)]
fun proof_of_another_key() {
    let mut runner = test_runner::start();
    let (system, _, ctx) = runner.parts();
    let _cap = storage_node::register_with_id(
        system,
        tv::node_id(0),
        b"n".to_string(),
        b"a".to_string(),
        tv::public_key(0),
        tv::proof_of_possession(1),
        10,
        0,
        ctx,
    );
    abort
}

#[test, expected_failure(abort_code = floe::storage_node::EInvalidProofOfPossession)]
fun proof_signed_for_another_sender() {
    let mut scenario = ts::begin(@0xBAD);
    let mut system = floe::system::new_for_testing(
        test_runner::default_params(),
        0,
        scenario.ctx(),
    );
    let _cap = storage_node::register_with_id(
        &mut system,
        tv::node_id(0),
        b"n".to_string(),
        b"a".to_string(),
        tv::public_key(0),
        tv::proof_of_possession(0),
        10,
        0,
        scenario.ctx(),
    );
    abort
}

#[test, expected_failure(abort_code = floe::storage_node::EInvalidPublicKey)]
fun short_public_key() {
    let mut runner = test_runner::start();
    let (system, _, ctx) = runner.parts();
    let _cap = storage_node::register_with_id(
        system,
        tv::node_id(0),
        b"n".to_string(),
        b"a".to_string(),
        x"01",
        tv::proof_of_possession(0),
        10,
        0,
        ctx,
    );
    abort
}

#[test, expected_failure(abort_code = floe::storage_node::ECommissionTooHigh)]
fun commission_above_maximum() {
    let mut runner = test_runner::start();
    let (system, _, ctx) = runner.parts();
    let _cap = storage_node::register_with_id(
        system,
        tv::node_id(0),
        b"n".to_string(),
        b"a".to_string(),
        tv::public_key(0),
        tv::proof_of_possession(0),
        10,
        5_001,
        ctx,
    );
    abort
}

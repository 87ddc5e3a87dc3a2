// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

#[test_only]
module floe::system_tests;

use floe::{
    events,
    params,
    staking_pool,
    system::{Self, AdminCap, System},
    test_runner,
    test_vectors as tv
};
use std::unit_test::{assert_eq, destroy};
use sui::{clock, coin, event, test_scenario as ts};

#[test]
fun init_sends_admin_cap_to_publisher() {
    let mut scenario = ts::begin(@0xAD);
    system::init_for_testing(scenario.ctx());
    scenario.next_tx(@0xAD);
    let admin = scenario.take_from_sender<AdminCap>();
    scenario.return_to_sender(admin);
    scenario.end();
}

#[test]
fun create_system_shares_epoch_zero() {
    let mut scenario = ts::begin(@0xAD);
    let admin = system::new_admin_cap_for_testing(scenario.ctx());
    let mut clock = clock::create_for_testing(scenario.ctx());
    clock.set_for_testing(42);
    system::create_system(&admin, test_runner::default_params(), &clock, scenario.ctx());
    scenario.next_tx(@0xAD);
    let system = scenario.take_shared<System>();
    assert_eq!(system.version(), 1);
    let state = system.inner();
    assert_eq!(state.epoch(), 0);
    assert_eq!(state.epoch_start_ms(), 42);
    assert!(state.epoch_state().is_done());
    assert!(state.committee().is_empty());
    assert_eq!(state.total_capacity(), 0);
    assert_eq!(state.used_capacity(), 0);
    assert_eq!(state.reward_pool_value(), 0);
    assert_eq!(state.burned_value(), 0);
    assert_eq!(state.next_round(), 1);
    ts::return_shared(system);
    destroy(admin);
    clock.destroy_for_testing();
    scenario.end();
}

#[test]
fun set_params_replaces_prices() {
    let mut runner = test_runner::start();
    let new_params = params::new(10, 5, 3, 1, 10, 100, 9, 9, 1024, 10, 100, 0, 0, 0, 1, 1);
    let admin = system::new_admin_cap_for_testing(runner.ctx());
    system::set_params(runner.sys(), &admin, new_params);
    assert_eq!(runner.sys().inner().params().storage_price_per_unit(), 9);
    assert_eq!(event::events_by_type<events::ParamsUpdated>().length(), 1);
    destroy(admin);
    runner.finish();
}

#[test, expected_failure(abort_code = floe::system::EImmutableParam)]
fun set_params_cannot_change_shards() {
    let mut runner = test_runner::start();
    let admin = system::new_admin_cap_for_testing(runner.ctx());
    let other = params::new(12, 5, 3, 1, 10, 100, 9, 9, 1024, 10, 100, 0, 0, 0, 1, 1);
    system::set_params(runner.sys(), &admin, other);
    abort
}

#[test]
fun reserve_space_charges_and_books() {
    let mut runner = test_runner::start();
    let (caps, stakes) = runner.epoch_one();
    let mut payment = runner.mint(100);
    let (system, _, ctx) = runner.parts();
    let storage = system::reserve_space(system, 2048, 3, &mut payment, ctx);
    assert_eq!(storage.start_epoch(), 1);
    assert_eq!(storage.end_epoch(), 4);
    assert_eq!(storage.storage_size(), 2048);
    // 2 units * price 5 * 3 epochs.
    assert_eq!(payment.value(), 70);
    let state = runner.sys().inner();
    assert_eq!(state.used_capacity(), 2048);
    assert_eq!(state.accounting().used_at(3), 2048);
    assert_eq!(state.accounting().used_at(4), 0);
    assert_eq!(state.accounting().rewards_at(2), 10);
    assert_eq!(state.reward_pool_value(), 30);
    assert_eq!(state.total_capacity(), 4 * test_runner::capacity());
    assert_eq!(event::events_by_type<events::StorageReserved>().length(), 1);
    destroy(storage);
    destroy(payment);
    destroy(caps);
    destroy(stakes);
    runner.finish();
}

#[test, expected_failure(abort_code = floe::accounting::ENotEnoughCapacity)]
fun reserve_space_without_committee() {
    let mut runner = test_runner::start();
    let mut payment = runner.mint(100);
    let (system, _, ctx) = runner.parts();
    let _storage = system::reserve_space(system, 1, 1, &mut payment, ctx);
    abort
}

#[test, expected_failure(abort_code = floe::system::EInvalidEpochsAhead)]
fun reserve_space_too_far() {
    let mut runner = test_runner::start();
    let mut payment = runner.mint(100);
    let (system, _, ctx) = runner.parts();
    let _storage = system::reserve_space(system, 1, 11, &mut payment, ctx);
    abort
}

#[test, expected_failure(abort_code = floe::system::EInvalidSize)]
fun reserve_space_zero() {
    let mut runner = test_runner::start();
    let mut payment = runner.mint(100);
    let (system, _, ctx) = runner.parts();
    let _storage = system::reserve_space(system, 0, 1, &mut payment, ctx);
    abort
}

#[test, expected_failure(abort_code = floe::system::EInsufficientPayment)]
fun reserve_space_underpaid() {
    let mut runner = test_runner::start();
    let (_caps, _stakes) = runner.epoch_one();
    let mut payment = runner.mint(9);
    let (system, _, ctx) = runner.parts();
    let _storage = system::reserve_space(system, 2048, 1, &mut payment, ctx);
    abort
}

#[test, expected_failure(abort_code = floe::system::EWrongVersion)]
fun wrong_version_is_refused() {
    let mut runner = test_runner::start();
    runner.sys().set_version_for_testing(2);
    runner.sys().inner();
    abort
}

#[test, expected_failure(abort_code = floe::system::ENodeNotFound)]
fun unknown_node() {
    let mut runner = test_runner::start();
    let coin = coin::mint_for_testing(1, runner.ctx());
    let (system, _, ctx) = runner.parts();
    let _staked = staking_pool::stake(system, tv::node_id(0), coin, ctx);
    abort
}

// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

#[test_only]
module floe::staking_pool_tests;

use floe::{events, staking_pool, system, test_runner, test_vectors as tv};
use std::unit_test::{assert_eq, destroy};
use sui::event;

#[test]
fun stake_activates_next_epoch() {
    let mut runner = test_runner::start();
    let cap = runner.register(0);
    let staked = runner.stake(0, 500);
    assert_eq!(staked.node_id(), tv::node_id(0));
    assert_eq!(staked.principal(), 500);
    assert_eq!(staked.activation_epoch(), 1);
    assert!(staked.withdraw_epoch().is_none());
    assert_eq!(runner.sys().inner().pool(tv::node_id(0)).pending_stake(), 500);
    assert_eq!(event::events_by_type<events::StakeAdded>().length(), 1);
    destroy(cap);
    destroy(staked);
    runner.finish();
}

#[test]
fun withdraw_before_activation_returns_the_principal() {
    let mut runner = test_runner::start();
    let cap = runner.register(0);
    let staked = runner.stake(0, 500);
    let (system, _, ctx) = runner.parts();
    let coin = staking_pool::withdraw(system, staked, ctx);
    assert_eq!(coin.value(), 500);
    assert_eq!(runner.sys().inner().pool(tv::node_id(0)).pending_stake(), 0);
    assert_eq!(event::events_by_type<events::StakeWithdrawn>().length(), 1);
    destroy(coin);
    destroy(cap);
    runner.finish();
}

#[test]
fun request_then_withdraw_after_the_boundary() {
    let mut runner = test_runner::start();
    let (caps, mut stakes) = runner.epoch_one();
    let mut staked = stakes.pop_back();
    let (system, _, ctx) = runner.parts();
    staking_pool::request_withdraw(system, &mut staked, ctx);
    assert_eq!(staked.withdraw_epoch(), option::some(2));
    assert_eq!(event::events_by_type<events::WithdrawRequested>().length(), 1);
    runner.advance_epoch();
    let (system, _, ctx) = runner.parts();
    let coin = staking_pool::withdraw(system, staked, ctx);
    assert_eq!(coin.value(), test_runner::stake_amount());
    destroy(coin);
    destroy(caps);
    destroy(stakes);
    runner.finish();
}

#[test]
fun commission_is_collected_by_the_operator() {
    let mut runner = test_runner::start();
    let (mut caps, stakes) = runner.epoch_one();
    let mut payment = runner.mint(1_000);
    let (system, _, ctx) = runner.parts();
    // 100 units for one epoch: 500 of rewards for epoch 1.
    let storage = system::reserve_space(system, 100 * 1024, 1, &mut payment, ctx);
    runner.advance_epoch();
    runner.sync(&mut caps);
    let (system, _, ctx) = runner.parts();
    // Node 0 holds 3 of 10 shards: 150, of which 10% commission.
    let coin = staking_pool::collect_commission(system, &caps[0], ctx);
    assert_eq!(coin.value(), 15);
    assert_eq!(runner.sys().inner().pool(tv::node_id(0)).active_stake(), 1_000 + 135);
    destroy(coin);
    destroy(storage);
    destroy(payment);
    destroy(caps);
    destroy(stakes);
    runner.finish();
}

#[test, expected_failure(abort_code = floe::staking_pool::EZeroStake)]
fun zero_stake() {
    let mut runner = test_runner::start();
    let _cap = runner.register(0);
    let _staked = runner.stake(0, 0);
    abort
}

#[test, expected_failure(abort_code = floe::staking_pool::ENotActive)]
fun request_before_activation() {
    let mut runner = test_runner::start();
    let _cap = runner.register(0);
    let mut staked = runner.stake(0, 500);
    let (system, _, ctx) = runner.parts();
    staking_pool::request_withdraw(system, &mut staked, ctx);
    abort
}

#[test, expected_failure(abort_code = floe::staking_pool::EWithdrawAlreadyRequested)]
fun request_twice() {
    let mut runner = test_runner::start();
    let (_caps, mut stakes) = runner.epoch_one();
    let (system, _, ctx) = runner.parts();
    staking_pool::request_withdraw(system, &mut stakes[0], ctx);
    staking_pool::request_withdraw(system, &mut stakes[0], ctx);
    abort
}

#[test, expected_failure(abort_code = floe::staking_pool::ENotWithdrawable)]
fun withdraw_active_without_request() {
    let mut runner = test_runner::start();
    let (_caps, mut stakes) = runner.epoch_one();
    let staked = stakes.pop_back();
    let (system, _, ctx) = runner.parts();
    let _coin = staking_pool::withdraw(system, staked, ctx);
    abort
}

#[test, expected_failure(abort_code = floe::staking_pool::ENotWithdrawable)]
fun withdraw_before_the_request_takes_effect() {
    let mut runner = test_runner::start();
    let (_caps, mut stakes) = runner.epoch_one();
    let mut staked = stakes.pop_back();
    let (system, _, ctx) = runner.parts();
    staking_pool::request_withdraw(system, &mut staked, ctx);
    let _coin = staking_pool::withdraw(system, staked, ctx);
    abort
}

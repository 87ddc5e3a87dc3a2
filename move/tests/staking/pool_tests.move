// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

#[test_only]
module floe::pool_tests;

use floe::{node_info, pool::{Self, StakingPool}};
use std::unit_test::{assert_eq, destroy};
use sui::{balance, sui::SUI};

fun new_pool(ctx: &mut TxContext): StakingPool {
    let info = node_info::new(b"n".to_string(), b"a".to_string(), x"01", 77);
    pool::new(object::id_from_address(@0x1), info, 1_000, ctx)
}

#[test]
fun deposits_rewards_withdrawals_and_slashing_move_the_rate() {
    let mut ctx = tx_context::dummy();
    let mut p = new_pool(&mut ctx);
    assert_eq!(p.node_id(), object::id_from_address(@0x1));
    assert_eq!(p.capacity(), 77);
    assert_eq!(p.public_key(), x"01");
    assert_eq!(p.commission_bps(), 1_000);
    assert_eq!(p.info().name(), b"n".to_string());

    p.deposit(balance::create_for_testing<SUI>(1_000));
    assert_eq!(p.pending_stake(), 1_000);
    p.process_boundary(1);
    assert_eq!(p.active_stake(), 1_000);
    assert_eq!(p.total_shares(), 1_000);
    assert_eq!(p.pending_stake(), 0);
    assert_eq!(p.shares_at(1_000, 1), 1_000);

    // 10% commission, the rest raises the stake per share.
    p.add_rewards(balance::create_for_testing<SUI>(100));
    assert_eq!(p.commission_value(), 10);
    assert_eq!(p.active_stake(), 1_090);

    p.request_withdraw(500);
    assert_eq!(p.pending_withdraw_shares(), 500);
    p.process_boundary(2);
    let rate = p.rate_at(2);
    assert_eq!(rate.rate_stake(), 1_090);
    assert_eq!(rate.rate_shares(), 1_000);
    assert_eq!(p.value_at(500, 2), 545);
    assert_eq!(p.withdrawable_value(), 545);
    assert_eq!(p.active_stake(), 545);
    assert_eq!(p.total_shares(), 500);

    p.deposit(balance::create_for_testing<SUI>(218));
    p.process_boundary(3);
    assert_eq!(p.shares_at(218, 3), 200);
    assert_eq!(p.total_shares(), 700);
    assert_eq!(p.active_stake(), 763);

    let paid = p.take_withdrawable(545);
    assert_eq!(paid.value(), 545);
    let slashed = p.slash(1_000);
    assert_eq!(slashed.value(), 76);
    assert_eq!(p.active_stake(), 687);
    let commission = p.collect_commission();
    assert_eq!(commission.value(), 10);

    p.set_absences(2);
    p.set_forfeit(true);
    assert_eq!(p.absences(), 2);
    assert!(p.forfeit());
    // No rate recorded: read as 1:1 for deposits, nothing for shares.
    assert_eq!(p.shares_at(5, 9), 5);
    assert_eq!(p.value_at(5, 9), 0);
    destroy(paid);
    destroy(slashed);
    destroy(commission);
    destroy(p);
}

#[test]
fun cancel_returns_a_pending_deposit() {
    let mut ctx = tx_context::dummy();
    let mut p = new_pool(&mut ctx);
    p.deposit(balance::create_for_testing<SUI>(40));
    let back = p.cancel_deposit(40);
    assert_eq!(back.value(), 40);
    assert_eq!(p.pending_stake(), 0);
    destroy(back);
    destroy(p);
}

#[test, expected_failure(abort_code = floe::pool::EPendingTooSmall)]
fun cancel_more_than_pending() {
    let mut ctx = tx_context::dummy();
    let mut p = new_pool(&mut ctx);
    p.deposit(balance::create_for_testing<SUI>(40));
    let _back = p.cancel_deposit(41);
    abort
}

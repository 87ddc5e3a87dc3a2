// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

/// A storage node's staking pool: stake in SUI backing pool shares, with an exchange rate
/// recorded at every epoch boundary. Deposits and withdrawals take effect at boundaries and are
/// converted at the rate recorded for the epoch they take effect in, so the per-staker figures
/// never add up to more than the pool holds. Rewards and slashing move the rate.
module floe::pool;

use floe::node_info::StorageNodeInfo;
use sui::{balance::{Self, Balance}, sui::SUI, table::{Self, Table}};

// === Errors ===

/// The pool's pending stake is smaller than the amount asked back.
#[error(code = 0)]
const EPendingTooSmall: vector<u8> = b"Pending stake smaller than the amount";

// === Constants ===

const MAX_BPS: u128 = 10_000;

// === Structs ===

/// Stake and shares of a pool at the start of an epoch (after that boundary's rewards, before
/// its withdrawals and deposits).
public struct ExchangeRate has copy, drop, store {
    stake: u64,
    shares: u64,
}

public struct StakingPool has store {
    node_id: ID,
    info: StorageNodeInfo,
    commission_bps: u16,
    /// SUI backing `total_shares`.
    active_stake: u64,
    total_shares: u64,
    /// Deposits that activate at the next boundary.
    pending_stake: u64,
    /// Shares that leave at the next boundary.
    pending_withdraw_shares: u64,
    exchange_rates: Table<u32, ExchangeRate>,
    /// Active plus pending stake.
    stake: Balance<SUI>,
    /// SUI set aside for withdrawals that took effect and are not yet collected.
    withdrawable: Balance<SUI>,
    commission: Balance<SUI>,
    /// Consecutive finalized challenge rounds without a certificate.
    absences: u8,
    /// Rewards of the current epoch are forfeited (set by an absence).
    forfeit: bool,
}

// === Package functions ===

public(package) fun new(
    node_id: ID,
    info: StorageNodeInfo,
    commission_bps: u16,
    ctx: &mut TxContext,
): StakingPool {
    StakingPool {
        node_id,
        info,
        commission_bps,
        active_stake: 0,
        total_shares: 0,
        pending_stake: 0,
        pending_withdraw_shares: 0,
        exchange_rates: table::new(ctx),
        stake: balance::zero(),
        withdrawable: balance::zero(),
        commission: balance::zero(),
        absences: 0,
        forfeit: false,
    }
}

/// Adds a deposit that activates at the next boundary.
public(package) fun deposit(self: &mut StakingPool, stake: Balance<SUI>) {
    self.pending_stake = self.pending_stake + stake.value();
    self.stake.join(stake);
}

/// Returns a deposit that never activated.
public(package) fun cancel_deposit(self: &mut StakingPool, amount: u64): Balance<SUI> {
    assert!(self.pending_stake >= amount, EPendingTooSmall);
    self.pending_stake = self.pending_stake - amount;
    self.stake.split(amount)
}

/// Shares of a deposit of `principal` that activated at `epoch`.
public(package) fun shares_at(self: &StakingPool, principal: u64, epoch: u32): u64 {
    let rate = self.rate_at(epoch);
    if (rate.stake == 0 || rate.shares == 0) principal
    else mul_div(principal, rate.shares, rate.stake)
}

/// SUI paid for `shares` that left at `epoch`.
public(package) fun value_at(self: &StakingPool, shares: u64, epoch: u32): u64 {
    let rate = self.rate_at(epoch);
    if (rate.stake == 0 || rate.shares == 0) 0 else mul_div(shares, rate.stake, rate.shares)
}

/// Marks `shares` to leave at the next boundary.
public(package) fun request_withdraw(self: &mut StakingPool, shares: u64) {
    self.pending_withdraw_shares = self.pending_withdraw_shares + shares;
}

/// Pays out of the SUI set aside for withdrawals.
public(package) fun take_withdrawable(self: &mut StakingPool, amount: u64): Balance<SUI> {
    let available = self.withdrawable.value();
    self.withdrawable.split(amount.min(available))
}

/// Rewards: the commission share goes to the operator, the rest raises the stake per share.
public(package) fun add_rewards(self: &mut StakingPool, mut rewards: Balance<SUI>) {
    let total = rewards.value();
    let commission = mul_div(total, self.commission_bps as u64, MAX_BPS as u64);
    self.commission.join(rewards.split(commission));
    self.active_stake = self.active_stake + rewards.value();
    self.stake.join(rewards);
}

/// The boundary into `epoch`: records the rate, sets aside the withdrawals, activates deposits.
public(package) fun process_boundary(self: &mut StakingPool, epoch: u32) {
    let rate = ExchangeRate { stake: self.active_stake, shares: self.total_shares };
    if (self.exchange_rates.contains(epoch)) {
        let slot = &mut self.exchange_rates[epoch];
        *slot = rate;
    } else self.exchange_rates.add(epoch, rate);
    let leaving_shares = self.pending_withdraw_shares.min(self.total_shares);
    let leaving = self.value_at(leaving_shares, epoch);
    let leaving_balance = self.stake.split(leaving);
    self.withdrawable.join(leaving_balance);
    self.active_stake = self.active_stake - leaving;
    self.total_shares = self.total_shares - leaving_shares;
    self.pending_withdraw_shares = 0;
    let joining = self.pending_stake;
    let minted = self.shares_at(joining, epoch);
    self.active_stake = self.active_stake + joining;
    self.total_shares = self.total_shares + minted;
    self.pending_stake = 0;
}

/// Takes `bps` of the active stake.
public(package) fun slash(self: &mut StakingPool, bps: u16): Balance<SUI> {
    let amount = mul_div(self.active_stake, bps as u64, MAX_BPS as u64);
    self.active_stake = self.active_stake - amount;
    self.stake.split(amount)
}

public(package) fun collect_commission(self: &mut StakingPool): Balance<SUI> {
    self.commission.withdraw_all()
}

public(package) fun set_absences(self: &mut StakingPool, absences: u8) {
    self.absences = absences;
}

public(package) fun set_forfeit(self: &mut StakingPool, forfeit: bool) {
    self.forfeit = forfeit;
}

// === Accessors ===

public fun node_id(self: &StakingPool): ID { self.node_id }

public fun info(self: &StakingPool): &StorageNodeInfo { &self.info }

public fun public_key(self: &StakingPool): vector<u8> { self.info.public_key() }

public fun capacity(self: &StakingPool): u64 { self.info.capacity() }

public fun commission_bps(self: &StakingPool): u16 { self.commission_bps }

public fun active_stake(self: &StakingPool): u64 { self.active_stake }

public fun total_shares(self: &StakingPool): u64 { self.total_shares }

public fun pending_stake(self: &StakingPool): u64 { self.pending_stake }

public fun pending_withdraw_shares(self: &StakingPool): u64 { self.pending_withdraw_shares }

public fun commission_value(self: &StakingPool): u64 { self.commission.value() }

public fun withdrawable_value(self: &StakingPool): u64 { self.withdrawable.value() }

public fun absences(self: &StakingPool): u8 { self.absences }

public fun forfeit(self: &StakingPool): bool { self.forfeit }

/// The rate recorded for `epoch`; (0, 0) — read as 1:1 — when none was recorded.
public fun rate_at(self: &StakingPool, epoch: u32): ExchangeRate {
    if (self.exchange_rates.contains(epoch)) self.exchange_rates[epoch]
    else ExchangeRate { stake: 0, shares: 0 }
}

public fun rate_stake(rate: &ExchangeRate): u64 { rate.stake }

public fun rate_shares(rate: &ExchangeRate): u64 { rate.shares }

// === Private ===

fun mul_div(a: u64, b: u64, c: u64): u64 {
    (((a as u128) * (b as u128)) / (c as u128)) as u64
}

// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

/// Staking with a storage node's pool. A stake activates at the next epoch boundary and becomes
/// pool shares at the exchange rate of its activation epoch; a withdrawal request takes effect at
/// the next boundary and is paid at that epoch's rate (principal plus rewards minus slashing).
/// The pool itself is `pool::StakingPool`, kept in the system.
module floe::staking_pool;

use floe::{events, storage_node::StorageNodeCap, system::System};
use sui::{coin::{Self, Coin}, sui::SUI};

// === Errors ===

/// A stake of zero.
#[error(code = 0)]
const EZeroStake: vector<u8> = b"Stake must be positive";
/// A withdrawal was already requested for this stake.
#[error(code = 1)]
const EWithdrawAlreadyRequested: vector<u8> = b"Withdrawal already requested";
/// The stake is still waiting to activate; withdraw it directly.
#[error(code = 2)]
const ENotActive: vector<u8> = b"Stake not active yet";
/// The stake is active and no withdrawal was requested, or it has not taken effect yet.
#[error(code = 3)]
const ENotWithdrawable: vector<u8> = b"Stake cannot be withdrawn yet";

// === Structs ===

public struct StakedFloe has key, store {
    id: UID,
    node_id: ID,
    principal: u64,
    activation_epoch: u32,
    withdraw_epoch: Option<u32>,
}

// === Public functions ===

/// Stakes `coin` with `node_id`'s pool; active from the next epoch.
public fun stake(
    system: &mut System,
    node_id: ID,
    coin: Coin<SUI>,
    ctx: &mut TxContext,
): StakedFloe {
    let amount = coin.value();
    assert!(amount > 0, EZeroStake);
    let state = system.inner_mut();
    let activation_epoch = state.epoch() + 1;
    state.pool_mut(node_id).deposit(coin.into_balance());
    let staked = StakedFloe {
        id: object::new(ctx),
        node_id,
        principal: amount,
        activation_epoch,
        withdraw_epoch: option::none(),
    };
    events::emit_stake_added(object::id(&staked), node_id, amount, activation_epoch);
    staked
}

/// Asks to leave the pool at the next boundary. Aborts `ENotActive` for a stake that has not
/// activated yet (withdraw it directly) and `EWithdrawAlreadyRequested` on a second request.
public fun request_withdraw(system: &mut System, staked: &mut StakedFloe, _ctx: &mut TxContext) {
    assert!(staked.withdraw_epoch.is_none(), EWithdrawAlreadyRequested);
    let state = system.inner_mut();
    let epoch = state.epoch();
    assert!(staked.activation_epoch <= epoch, ENotActive);
    let pool = state.pool_mut(staked.node_id);
    let shares = pool.shares_at(staked.principal, staked.activation_epoch);
    pool.request_withdraw(shares);
    let withdraw_epoch = epoch + 1;
    staked.withdraw_epoch = option::some(withdraw_epoch);
    events::emit_withdraw_requested(object::id(staked), staked.node_id, withdraw_epoch);
}

/// Pays out a stake: right away when it never activated, otherwise once its withdrawal took
/// effect. Aborts `ENotWithdrawable` otherwise.
public fun withdraw(system: &mut System, staked: StakedFloe, ctx: &mut TxContext): Coin<SUI> {
    let staked_id = object::id(&staked);
    let StakedFloe { id, node_id, principal, activation_epoch, withdraw_epoch } = staked;
    id.delete();
    let state = system.inner_mut();
    let epoch = state.epoch();
    let pool = state.pool_mut(node_id);
    let paid = if (activation_epoch > epoch) {
        pool.cancel_deposit(principal)
    } else {
        assert!(withdraw_epoch.is_some(), ENotWithdrawable);
        let leaves = withdraw_epoch.destroy_some();
        assert!(epoch >= leaves, ENotWithdrawable);
        let shares = pool.shares_at(principal, activation_epoch);
        let amount = pool.value_at(shares, leaves);
        pool.take_withdrawable(amount)
    };
    events::emit_stake_withdrawn(staked_id, node_id, paid.value());
    coin::from_balance(paid, ctx)
}

/// Hands the node's accumulated commission to its operator.
public fun collect_commission(
    system: &mut System,
    cap: &StorageNodeCap,
    ctx: &mut TxContext,
): Coin<SUI> {
    let balance = system.inner_mut().pool_mut(cap.node_id()).collect_commission();
    coin::from_balance(balance, ctx)
}

// === Accessors ===

public fun node_id(self: &StakedFloe): ID { self.node_id }

public fun principal(self: &StakedFloe): u64 { self.principal }

public fun activation_epoch(self: &StakedFloe): u32 { self.activation_epoch }

public fun withdraw_epoch(self: &StakedFloe): Option<u32> { self.withdraw_epoch }

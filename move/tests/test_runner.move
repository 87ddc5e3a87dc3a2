// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

/// A small runner around `test_scenario` so that tests read as intent: a system with default
/// parameters, a clock, the admin cap, the four test nodes of `test_vectors`, and helpers for
/// staking and moving through epochs.
#[test_only]
module floe::test_runner;

use floe::{
    epoch,
    params::{Self, SystemParams},
    staking_pool::{Self, StakedFloe},
    storage_node::{Self, StorageNodeCap},
    system::{Self, AdminCap, System},
    test_vectors as tv
};
use std::unit_test::destroy;
use sui::{
    clock::{Self, Clock},
    coin::{Self, Coin},
    random,
    sui::SUI,
    test_scenario::{Self as ts, Scenario}
};

// === Constants ===

const N_SHARDS: u16 = 10;
const EPOCH_MS: u64 = 1_000;
const INTERVAL_MS: u64 = 100;
const CAPACITY: u64 = 1_000_000_000;
const COMMISSION_BPS: u16 = 1_000;
const STAKE: u64 = 1_000;

// === Structs ===

public struct Runner {
    scenario: Scenario,
    system: System,
    clock: Clock,
    admin: AdminCap,
}

// === Runner ===

/// n_shards 10, epochs of 1 s, min stake 100, no cap below n, no rotation, storage price 5 and
/// write price 1 per KiB unit, 10 epochs ahead, commission up to 50%, reporter 10%, slashing
/// 10%, absence slashing 5% after 2 absences, challenge rounds every 100 ms.
public fun default_params(): SystemParams {
    params_with_rotation(0)
}

/// The default parameters with another rotation fraction.
public fun params_with_rotation(rotation_bps: u16): SystemParams {
    params::new(
        N_SHARDS,
        EPOCH_MS,
        10,
        100,
        N_SHARDS,
        rotation_bps,
        5,
        1,
        1024,
        10,
        5_000,
        1_000,
        1_000,
        500,
        2,
        INTERVAL_MS,
    )
}

public fun start(): Runner { start_with(default_params()) }

public fun start_with(params: SystemParams): Runner {
    let mut scenario = ts::begin(tv::operator());
    let system = system::new_for_testing(params, 0, scenario.ctx());
    let clock = clock::create_for_testing(scenario.ctx());
    let admin = system::new_admin_cap_for_testing(scenario.ctx());
    Runner { scenario, system, clock, admin }
}

public fun finish(self: Runner) {
    let Runner { scenario, system, clock, admin } = self;
    destroy(system);
    clock.destroy_for_testing();
    destroy(admin);
    scenario.end();
}

public fun sys(self: &mut Runner): &mut System { &mut self.system }

public fun clock_ref(self: &Runner): &Clock { &self.clock }

public fun admin(self: &Runner): &AdminCap { &self.admin }

public fun ctx(self: &mut Runner): &mut TxContext { self.scenario.ctx() }

/// The system, the clock and a transaction context at once (disjoint borrows).
public fun parts(self: &mut Runner): (&mut System, &Clock, &mut TxContext) {
    (&mut self.system, &self.clock, self.scenario.ctx())
}

public fun current_epoch(self: &Runner): u32 { self.system.inner().epoch() }

public fun mint(self: &mut Runner, amount: u64): Coin<SUI> {
    coin::mint_for_testing(amount, self.scenario.ctx())
}

public fun advance_clock(self: &mut Runner, ms: u64) {
    self.clock.increment_for_testing(ms);
}

/// Registers test node `i` with its real key and proof of possession.
public fun register(self: &mut Runner, i: u64): StorageNodeCap {
    storage_node::register_with_id(
        &mut self.system,
        tv::node_id(i),
        b"node".to_string(),
        b"127.0.0.1:9100".to_string(),
        tv::public_key(i),
        tv::proof_of_possession(i),
        CAPACITY,
        COMMISSION_BPS,
        self.scenario.ctx(),
    )
}

public fun register_all(self: &mut Runner): vector<StorageNodeCap> {
    vector::tabulate!(tv::node_count(), |i| self.register(i))
}

public fun stake(self: &mut Runner, i: u64, amount: u64): StakedFloe {
    let coin = coin::mint_for_testing(amount, self.scenario.ctx());
    staking_pool::stake(&mut self.system, tv::node_id(i), coin, self.scenario.ctx())
}

/// Lets the epoch run out and starts the change (deterministic generator).
public fun advance_epoch(self: &mut Runner) {
    self.clock.increment_for_testing(EPOCH_MS);
    let mut generator = random::new_generator_from_seed_for_testing(b"floe");
    epoch::initiate_epoch_change_with(
        &mut self.system,
        &mut generator,
        &self.clock,
        self.scenario.ctx(),
    );
}

/// Every cap reports holding its shards (members only).
public fun sync(self: &mut Runner, caps: &mut vector<StorageNodeCap>) {
    let epoch = self.current_epoch();
    let n = caps.length();
    n.do!(|i| {
        let cap = &mut caps[i];
        if (self.system.inner().committee().contains(&cap.node_id())) {
            if (!self.system.inner().epoch_state().is_done()) {
                epoch::epoch_sync_done(&mut self.system, cap, epoch, &self.clock);
            }
        }
    });
}

/// Four nodes, STAKE each, first epoch started (the committee of epoch 1: 3, 3, 2, 2 shards).
public fun epoch_one(self: &mut Runner): (vector<StorageNodeCap>, vector<StakedFloe>) {
    let caps = self.register_all();
    let stakes = vector::tabulate!(tv::node_count(), |i| self.stake(i, STAKE));
    self.advance_epoch();
    (caps, stakes)
}

public fun stake_amount(): u64 { STAKE }

public fun epoch_ms(): u64 { EPOCH_MS }

public fun interval_ms(): u64 { INTERVAL_MS }

public fun capacity(): u64 { CAPACITY }

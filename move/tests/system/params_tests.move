// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

#[test_only]
module floe::params_tests;

use floe::{params, test_runner};
use std::unit_test::assert_eq;

#[test]
fun new_keeps_every_value() {
    let p = params::new(10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    assert_eq!(p.n_shards(), 10);
    assert_eq!(p.epoch_duration_ms(), 1);
    assert_eq!(p.max_committee_size(), 2);
    assert_eq!(p.min_stake(), 3);
    assert_eq!(p.max_shards_per_node(), 4);
    assert_eq!(p.rotation_bps(), 5);
    assert_eq!(p.storage_price_per_unit(), 6);
    assert_eq!(p.write_price_per_unit(), 7);
    assert_eq!(p.unit_size(), 8);
    assert_eq!(p.max_epochs_ahead(), 9);
    assert_eq!(p.max_commission_bps(), 10);
    assert_eq!(p.reporter_reward_bps(), 11);
    assert_eq!(p.slash_bps(), 12);
    assert_eq!(p.absence_slash_bps(), 13);
    assert_eq!(p.max_absences(), 14);
    assert_eq!(p.challenge_interval_ms(), 15);
}

#[test]
fun units_round_up() {
    let p = test_runner::default_params();
    assert_eq!(p.units(1), 1);
    assert_eq!(p.units(1024), 1);
    assert_eq!(p.units(1025), 2);
    assert_eq!(p.units(0), 0);
}

#[test, expected_failure(abort_code = floe::params::EInvalidParam)]
fun too_few_shards() {
    params::new(3, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1);
}

#[test, expected_failure(abort_code = floe::params::EInvalidParam)]
fun bps_above_one() {
    params::new(10, 1, 1, 1, 1, 10_001, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1);
}

#[test, expected_failure(abort_code = floe::params::EInvalidParam)]
fun zero_unit_size() {
    params::new(10, 1, 1, 1, 1, 0, 1, 1, 0, 1, 0, 0, 0, 0, 1, 1);
}

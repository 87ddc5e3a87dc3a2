// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

#[test_only]
module floe::accounting_tests;

use floe::accounting;
use std::unit_test::{assert_eq, destroy};

#[test]
fun reserve_and_advance() {
    let mut a = accounting::new(3, 4);
    assert_eq!(a.first_epoch(), 3);
    assert_eq!(a.length(), 4);
    a.reserve(3, 5, 100, 1_000);
    a.reserve(4, 7, 50, 1_000);
    a.add_rewards(3, 5, 7);
    assert_eq!(a.used_at(3), 100);
    assert_eq!(a.used_at(4), 150);
    assert_eq!(a.used_at(6), 50);
    assert_eq!(a.used_at(7), 0);
    assert_eq!(a.rewards_at(4), 7);
    assert_eq!(a.advance(), 7);
    assert_eq!(a.first_epoch(), 4);
    assert_eq!(a.length(), 4);
    assert_eq!(a.used_at(3), 0);
    assert_eq!(a.used_at(7), 0);
    assert_eq!(a.rewards_at(4), 7);
    a.reserve(7, 8, 10, 1_000);
    assert_eq!(a.used_at(7), 10);
    destroy(a);
}

#[test, expected_failure(abort_code = floe::accounting::ETooFarAhead)]
fun beyond_window() {
    let mut a = accounting::new(0, 2);
    a.reserve(0, 3, 1, 10);
    destroy(a);
}

#[test, expected_failure(abort_code = floe::accounting::ETooFarAhead)]
fun before_window() {
    let mut a = accounting::new(2, 2);
    a.add_rewards(1, 2, 1);
    destroy(a);
}

#[test, expected_failure(abort_code = floe::accounting::ENotEnoughCapacity)]
fun over_capacity() {
    let mut a = accounting::new(0, 2);
    a.reserve(0, 2, 6, 10);
    a.reserve(1, 2, 5, 10);
    destroy(a);
}

// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

#[test_only]
module floe::storage_resource_tests;

use floe::storage_resource;
use std::unit_test::{assert_eq, destroy};

#[test]
fun split_and_fuse_by_epoch() {
    let mut ctx = tx_context::dummy();
    let mut first = storage_resource::new(1, 5, 100, &mut ctx);
    let second = first.split_by_epoch(3, &mut ctx);
    assert_eq!(first.end_epoch(), 3);
    assert_eq!(second.start_epoch(), 3);
    assert_eq!(second.end_epoch(), 5);
    assert_eq!(second.storage_size(), 100);
    first.fuse_periods(second);
    assert_eq!(first.start_epoch(), 1);
    assert_eq!(first.end_epoch(), 5);
    first.destroy();
}

#[test]
fun fuse_periods_in_either_order() {
    let mut ctx = tx_context::dummy();
    let mut later = storage_resource::new(3, 5, 10, &mut ctx);
    let earlier = storage_resource::new(1, 3, 10, &mut ctx);
    later.fuse(earlier);
    assert_eq!(later.start_epoch(), 1);
    assert_eq!(later.end_epoch(), 5);
    destroy(later);
}

#[test]
fun split_and_fuse_by_size() {
    let mut ctx = tx_context::dummy();
    let mut first = storage_resource::new(1, 5, 100, &mut ctx);
    let second = first.split_by_size(40, &mut ctx);
    assert_eq!(first.storage_size(), 60);
    assert_eq!(second.storage_size(), 40);
    assert_eq!(second.start_epoch(), 1);
    first.fuse(second);
    assert_eq!(first.storage_size(), 100);
    first.destroy();
}

#[test]
fun extend_end_epoch_moves_the_end() {
    let mut ctx = tx_context::dummy();
    let mut s = storage_resource::new(1, 2, 1, &mut ctx);
    s.extend_end_epoch(3);
    assert_eq!(s.end_epoch(), 5);
    s.destroy();
}

#[test, expected_failure(abort_code = floe::storage_resource::EInvalidEpoch)]
fun split_at_the_start() {
    let mut ctx = tx_context::dummy();
    let mut s = storage_resource::new(1, 5, 100, &mut ctx);
    let _t = s.split_by_epoch(1, &mut ctx);
    abort
}

#[test, expected_failure(abort_code = floe::storage_resource::EInvalidSize)]
fun split_everything() {
    let mut ctx = tx_context::dummy();
    let mut s = storage_resource::new(1, 5, 100, &mut ctx);
    let _t = s.split_by_size(100, &mut ctx);
    abort
}

#[test, expected_failure(abort_code = floe::storage_resource::EIncompatiblePeriods)]
fun fuse_gap() {
    let mut ctx = tx_context::dummy();
    let mut a = storage_resource::new(1, 2, 10, &mut ctx);
    a.fuse_periods(storage_resource::new(3, 4, 10, &mut ctx));
    abort
}

#[test, expected_failure(abort_code = floe::storage_resource::EIncompatiblePeriods)]
fun fuse_periods_of_other_size() {
    let mut ctx = tx_context::dummy();
    let mut a = storage_resource::new(1, 2, 10, &mut ctx);
    a.fuse_periods(storage_resource::new(2, 4, 11, &mut ctx));
    abort
}

#[test, expected_failure(abort_code = floe::storage_resource::EIncompatibleAmounts)]
fun fuse_amount_of_other_period() {
    let mut ctx = tx_context::dummy();
    let mut a = storage_resource::new(1, 2, 10, &mut ctx);
    a.fuse_amount(storage_resource::new(1, 3, 10, &mut ctx));
    abort
}

// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

#[test_only]
module floe::challenge_round_tests;

use floe::challenge_round;
use std::unit_test::assert_eq;

#[test]
fun records_certificates_and_closes() {
    let a = object::id_from_address(@0xa);
    let mut round = challenge_round::new(3, 9, x"0102");
    assert_eq!(round.epoch(), 3);
    assert_eq!(round.round(), 9);
    assert_eq!(round.seed(), x"0102");
    assert!(!round.closed());
    assert_eq!(round.record(a, 4), 4);
    assert_eq!(round.record(object::id_from_address(@0xb), 2), 6);
    assert!(round.has_certified(&a));
    assert!(!round.has_certified(&object::id_from_address(@0xc)));
    assert_eq!(round.certified().length(), 2);
    assert_eq!(round.certified_weight(), 6);
    round.close();
    assert!(round.closed());
}

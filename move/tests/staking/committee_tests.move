// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

#[test_only]
module floe::committee_tests;

use floe::committee;
use std::unit_test::assert_eq;

#[test]
fun weights_and_thresholds() {
    let a = object::id_from_address(@0x1);
    let b = object::id_from_address(@0x2);
    let c = committee::new(3, vector[a, b], vector[vector[0, 1, 2], vector[3]], 4);
    assert_eq!(c.epoch(), 3);
    assert_eq!(c.size(), 2);
    assert_eq!(c.n_shards(), 4);
    assert!(!c.is_empty());
    assert_eq!(c.index_of(&b), option::some(1));
    assert!(c.contains(&a));
    assert!(!c.contains(&object::id_from_address(@0x3)));
    assert_eq!(c.weight_at(0), 3);
    assert_eq!(c.weight_of(&b), 1);
    assert_eq!(c.weight_of(&object::id_from_address(@0x3)), 0);
    assert_eq!(*c.members(), vector[a, b]);
    assert_eq!(*c.shards(), vector[vector[0, 1, 2], vector[3]]);
    assert_eq!(c.shard_owners(), vector[0, 0, 0, 1]);
    // n = 4: quorum 3w >= 9, validity 3w >= 5.
    assert!(c.is_quorum(3));
    assert!(!c.is_quorum(2));
    assert!(c.is_validity(2));
    assert!(!c.is_validity(1));
}

#[test]
fun empty_committee_owns_nothing() {
    let c = committee::empty(4);
    assert!(c.is_empty());
    assert_eq!(c.epoch(), 0);
    assert_eq!(c.shard_owners(), vector[0, 0, 0, 0]);
}

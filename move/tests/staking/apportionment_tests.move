// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

#[test_only]
module floe::apportionment_tests;

use floe::apportionment;
use std::unit_test::assert_eq;
use sui::random;

fun id(a: address): ID { object::id_from_address(a) }

#[test]
fun select_orders_by_stake_then_id_and_returns_id_order() {
    let ids = vector[id(@0x5), id(@0x3), id(@0x9), id(@0x1), id(@0x7)];
    let stakes = vector[50, 100, 100, 10, 200];
    let (members, member_stakes) = apportionment::select(&ids, &stakes, 20, 3);
    // Ranked: 0x7 (200), 0x3 (100), 0x9 (100); 0x5 (50) is fourth; 0x1 below min stake.
    assert_eq!(members, vector[id(@0x3), id(@0x7), id(@0x9)]);
    assert_eq!(member_stakes, vector[100, 200, 100]);
}

#[test]
fun select_skips_zero_stake() {
    let (members, _) = apportionment::select(&vector[id(@0x1)], &vector[0], 0, 5);
    assert!(members.is_empty());
}

#[test]
fun id_key_is_big_endian_address() {
    assert_eq!(apportionment::id_key(&id(@0x0102)), 0x0102);
}

#[test]
fun dhondt_equal_stakes_ties_to_lower_index() {
    assert_eq!(apportionment::dhondt(&vector[1000, 1000, 1000, 1000], 10, 10), vector[3, 3, 2, 2]);
}

#[test]
fun dhondt_proportional() {
    assert_eq!(apportionment::dhondt(&vector[2000, 1000, 1000], 10, 10), vector[6, 2, 2]);
}

#[test]
fun dhondt_cap_moves_shards_on() {
    assert_eq!(apportionment::dhondt(&vector[9000, 100, 100], 10, 4), vector[4, 3, 3]);
}

#[test, expected_failure(abort_code = floe::apportionment::ECapTooLow)]
fun dhondt_cap_too_low() {
    apportionment::dhondt(&vector[1, 1], 10, 4);
}

#[test, expected_failure(abort_code = floe::apportionment::ELengthMismatch)]
fun select_length_mismatch() {
    let (_, _) = apportionment::select(&vector[id(@0x1)], &vector[1, 2], 0, 5);
}

#[test]
fun transition_keeps_lowest_previous_and_hands_out_freed() {
    let a = id(@0xa);
    let b = id(@0xb);
    let c = id(@0xc);
    let s = option::some(a);
    let t = option::some(b);
    let u = option::some(c);
    // Previous: a {0,1,2}, b {3,4,5}, c {6,7,8,9}.
    let previous = vector[s, s, s, t, t, t, u, u, u, u];
    // New: a 6, b 2, c 2.
    let owners = apportionment::transition(&previous, &vector[a, b, c], &vector[6, 2, 2]);
    assert_eq!(owners, vector[0, 0, 0, 1, 1, 0, 2, 2, 0, 0]);
    let shards = apportionment::shards_by_member(&owners, 3);
    assert_eq!(shards, vector[vector[0, 1, 2, 5, 8, 9], vector[3, 4], vector[6, 7]]);
}

#[test]
fun transition_from_nothing_in_committee_order() {
    let none = option::none();
    let previous = vector[none, none, none, none, none];
    let owners = apportionment::transition(&previous, &vector[id(@0x1), id(@0x2)], &vector[2, 3]);
    assert_eq!(owners, vector[0, 0, 1, 1, 1]);
}

#[test]
fun rotate_keeps_counts_and_reports_swaps() {
    let mut owners = vector[0, 0, 0, 1, 1, 1, 2, 2, 2, 2];
    let mut generator = random::new_generator_from_seed_for_testing(b"rotation");
    let rotated = apportionment::rotate(&mut owners, 50, &mut generator);
    assert!(rotated > 0 && rotated <= 50);
    let shards = apportionment::shards_by_member(&owners, 3);
    assert_eq!(shards[0].length(), 3);
    assert_eq!(shards[1].length(), 3);
    assert_eq!(shards[2].length(), 4);
}

#[test]
fun rotate_zero_swaps_is_identity() {
    let mut owners = vector[1, 0];
    let mut generator = random::new_generator_from_seed_for_testing(b"x");
    assert_eq!(apportionment::rotate(&mut owners, 0, &mut generator), 0);
    assert_eq!(owners, vector[1, 0]);
}

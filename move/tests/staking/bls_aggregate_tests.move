// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

#[test_only]
module floe::bls_aggregate_tests;

use floe::{bls_aggregate::{Self, CommitteeKeys}, committee::{Self, Committee}, test_vectors as tv};
use std::unit_test::assert_eq;

/// The epoch-1 committee of the test vectors: four nodes with 3, 3, 2, 2 shards.
fun committee(): Committee {
    committee::new(
        1,
        vector::tabulate!(4, |i| tv::node_id(i)),
        vector[vector[0, 1, 2], vector[3, 4, 5], vector[6, 7], vector[8, 9]],
        10,
    )
}

fun keys(): CommitteeKeys {
    bls_aggregate::new_keys(&vector::tabulate!(4, |i| tv::public_key(i)))
}

#[test]
fun quorum_of_all_four() {
    let weight = bls_aggregate::verify_quorum(
        &keys(),
        &committee(),
        &tv::certificate_signature_all(),
        &x"0f",
        &tv::certificate_message(),
    );
    assert_eq!(weight, 10);
}

#[test]
fun quorum_of_three_subtracts_the_missing_key() {
    let weight = bls_aggregate::verify_quorum(
        &keys(),
        &committee(),
        &tv::certificate_signature_three(),
        &x"07",
        &tv::certificate_message(),
    );
    assert_eq!(weight, 8);
}

#[test]
fun validity_of_two() {
    let weight = bls_aggregate::verify_validity(
        &keys(),
        &committee(),
        &tv::invalid_blob_signature(),
        &x"03",
        &tv::invalid_blob_message(),
    );
    assert_eq!(weight, 6);
}

#[test]
fun signer_bits_are_lsb_first() {
    assert!(bls_aggregate::is_signer(&x"05", 0));
    assert!(!bls_aggregate::is_signer(&x"05", 1));
    assert!(bls_aggregate::is_signer(&x"05", 2));
    assert!(bls_aggregate::is_signer(&x"0001", 8));
    assert!(!bls_aggregate::is_signer(&x"01", 8));
    assert_eq!(keys().size(), 4);
}

#[test, expected_failure(abort_code = floe::bls_aggregate::EInvalidPublicKey)]
fun short_public_key() {
    bls_aggregate::new_keys(&vector[x"0102"]);
}

#[test, expected_failure(abort_code = floe::bls_aggregate::EInvalidBitmap)]
fun bit_past_last_member() {
    bls_aggregate::verify_quorum(
        &keys(),
        &committee(),
        &tv::certificate_signature_all(),
        &x"1f",
        &tv::certificate_message(),
    );
}

#[test, expected_failure(abort_code = floe::bls_aggregate::EInvalidBitmap)]
fun bitmap_too_long() {
    bls_aggregate::verify_quorum(
        &keys(),
        &committee(),
        &tv::certificate_signature_all(),
        &x"0f00",
        &tv::certificate_message(),
    );
}

#[test, expected_failure(abort_code = floe::bls_aggregate::ENotEnoughWeight)]
fun validity_is_not_quorum() {
    bls_aggregate::verify_quorum(
        &keys(),
        &committee(),
        &tv::invalid_blob_signature(),
        &x"03",
        &tv::invalid_blob_message(),
    );
}

#[test, expected_failure(abort_code = floe::bls_aggregate::EInvalidSignature)]
fun bitmap_claims_a_signer_that_did_not_sign() {
    bls_aggregate::verify_quorum(
        &keys(),
        &committee(),
        &tv::certificate_signature_three(),
        &x"0f",
        &tv::certificate_message(),
    );
}

#[test, expected_failure(abort_code = floe::bls_aggregate::EKeysMismatch)]
fun keys_of_another_committee() {
    let three = bls_aggregate::new_keys(&vector::tabulate!(3, |i| tv::public_key(i)));
    bls_aggregate::verify_quorum(
        &three,
        &committee(),
        &tv::certificate_signature_all(),
        &x"0f",
        &tv::certificate_message(),
    );
}

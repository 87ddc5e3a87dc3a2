// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

#[test_only]
module floe::messages_tests;

use floe::{messages, test_vectors as tv};
use std::unit_test::assert_eq;
use sui::bcs;

fun certificate(intent: u8, epoch: u32, tag: u8): vector<u8> {
    let mut m = messages::header(intent, epoch);
    let id: u256 = 7;
    m.append(bcs::to_bytes(&id));
    m.push_back(tag);
    m
}

#[test]
fun header_layout() {
    assert_eq!(messages::header(4, 0x01020304), x"04000304030201");
}

#[test]
fun proof_of_possession_layout() {
    let m = messages::proof_of_possession_message(0, @0x1, x"aabb");
    let mut expected = x"00000300000000";
    expected.append(bcs::to_bytes(&@0x1));
    expected.append(x"02aabb");
    assert_eq!(m, expected);
}

#[test]
fun parses_permanent_certificate() {
    let c = messages::parse_blob_certificate(certificate(1, 5, 0), 5);
    assert_eq!(c.blob_id(), 7);
    assert!(!c.deletable());
    assert!(c.object_id().is_none());
}

#[test]
fun parses_deletable_certificate() {
    let mut m = certificate(1, 5, 1);
    m.append(bcs::to_bytes(&@0xB0B));
    let c = messages::parse_blob_certificate(m, 5);
    assert!(c.deletable());
    assert_eq!(c.object_id(), option::some(object::id_from_address(@0xB0B)));
}

#[test]
fun parses_test_vector_certificate() {
    let c = messages::parse_blob_certificate(tv::certificate_message(), 1);
    assert_eq!(c.blob_id(), tv::blob_id());
}

#[test]
fun parses_invalid_blob_id() {
    assert_eq!(
        messages::parse_invalid_blob_id(tv::invalid_blob_message(), 1),
        tv::invalid_blob_id(),
    );
}

#[test]
fun parses_attestation() {
    let a = messages::parse_challenge_attestation(tv::challenge_message(2, 3));
    assert_eq!(a.attestation_epoch(), 1);
    assert_eq!(a.attestation_round(), 2);
    assert_eq!(a.attestation_node_id(), tv::node_id(3));
    assert_eq!(a.attestation_verdict(), 1);
}

#[test]
fun parses_signed_symbol() {
    let s = messages::parse_signed_symbol(tv::valid_symbol_message());
    assert_eq!(s.symbol_epoch(), 1);
    assert_eq!(s.symbol_blob_id(), tv::blob_id());
    assert_eq!(s.symbol_encoding_type(), 1);
    assert_eq!(s.symbol_size(), tv::blob_size());
    assert_eq!(s.symbol_root_hash(), tv::blob_root());
    assert_eq!(s.symbol_pair_index(), 2);
    assert_eq!(s.symbol_axis(), 0);
    assert_eq!(s.symbol_index(), 5);
    // The vector generator cuts its symbols from 32-byte hashes: 32 bytes, not the 36 of a real
    // symbol of this blob.
    assert_eq!(s.symbol_data().length(), 32);
    assert_eq!(s.symbol_sliver_path().length(), 4);
    assert_eq!(s.symbol_other_hash().length(), 32);
    assert_eq!(s.symbol_pair_path().length(), 4);
    assert_eq!(s.symbol_context(), 1);
}

#[test, expected_failure(abort_code = floe::messages::EWrongIntent)]
fun wrong_intent() {
    messages::parse_blob_certificate(certificate(2, 5, 0), 5);
}

#[test, expected_failure(abort_code = floe::messages::EWrongIntentVersion)]
fun wrong_app_id() {
    let mut m = certificate(1, 5, 0);
    let b = &mut m[2];
    *b = 9;
    messages::parse_blob_certificate(m, 5);
}

#[test, expected_failure(abort_code = floe::messages::EWrongEpoch)]
fun wrong_epoch() {
    messages::parse_blob_certificate(certificate(1, 5, 0), 6);
}

#[test, expected_failure(abort_code = floe::messages::ETrailingBytes)]
fun trailing_bytes() {
    let mut m = certificate(1, 5, 0);
    m.push_back(0);
    messages::parse_blob_certificate(m, 5);
}

#[test, expected_failure(abort_code = floe::messages::EInvalidPersistence)]
fun unknown_persistence() {
    messages::parse_blob_certificate(certificate(1, 5, 2), 5);
}

#[test, expected_failure(abort_code = floe::messages::EInvalidAxis)]
fun unknown_axis() {
    let mut m = tv::valid_symbol_message();
    // header 7 + blob id 32 + encoding 1 + size 8 + root 32 + pair index 2 = axis at 82.
    let b = &mut m[82];
    *b = 2;
    messages::parse_signed_symbol(m);
}

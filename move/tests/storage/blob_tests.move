// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

#[test_only]
module floe::blob_tests;

use floe::{blob, storage_resource, test_vectors as tv};
use std::unit_test::assert_eq;

#[test]
fun blob_id_matches_the_off_chain_derivation() {
    assert_eq!(blob::derive_blob_id(1, tv::blob_size(), tv::blob_root()), tv::blob_id());
    assert!(blob::derive_blob_id(1, tv::blob_size() + 1, tv::blob_root()) != tv::blob_id());
}

#[test]
fun encoded_size_follows_the_protocol() {
    // n = 10: f = 3, k1 = 4, k2 = 7; s = ceil(1000 / 28) = 36.
    assert_eq!(blob::symbol_size(1000, 10), 36);
    assert_eq!(blob::encoded_size(1000, 10), 10 * (11 * 36 + 64 * 10 + 32));
    // Empty blobs count as one byte; odd symbol sizes round up to even.
    assert_eq!(blob::symbol_size(0, 10), 2);
    assert_eq!(blob::symbol_size(29, 10), 2);
    assert_eq!(blob::symbol_size(57, 10), 4);
    assert_eq!(blob::rs2(), 1);
}

#[test]
fun new_blob_and_burn() {
    let mut ctx = tx_context::dummy();
    let storage = storage_resource::new(1, 3, 20_000, &mut ctx);
    let mut b = blob::new(1, 7, 100, 1, storage, true, 9, &mut ctx);
    assert_eq!(b.registered_epoch(), 1);
    assert_eq!(b.blob_id(), 7);
    assert_eq!(b.size(), 100);
    assert_eq!(b.encoding_type(), 1);
    assert!(!b.is_certified());
    assert_eq!(b.end_epoch(), 3);
    assert_eq!(b.storage().storage_size(), 20_000);
    assert!(b.deletable());
    assert_eq!(b.root_hash(), 9);
    b.certify(2);
    assert_eq!(b.certified_epoch(), option::some(2));
    assert_eq!(b.object_id(), object::id(&b));
    b.burn();
}

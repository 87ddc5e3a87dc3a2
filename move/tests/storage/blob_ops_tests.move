// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

#[test_only]
module floe::blob_ops_tests;

use floe::{
    blob::{Self, Blob},
    blob_ops,
    events,
    storage_resource,
    system,
    test_runner::{Self, Runner},
    test_vectors as tv
};
use std::unit_test::{assert_eq, destroy};
use sui::event;

/// Bytes for 11 units of 1 KiB: room for the encoded test blob (10680 bytes).
const SPACE: u64 = 11 * 1024;

/// Registers the test-vector blob on storage for [current, current + epochs).
fun register(runner: &mut Runner, epochs: u32, deletable: bool): Blob {
    let mut payment = runner.mint(10_000);
    let (system, _, ctx) = runner.parts();
    let storage = system::reserve_space(system, SPACE, epochs, &mut payment, ctx);
    let blob = blob_ops::register_blob(
        system,
        storage,
        tv::blob_id(),
        tv::blob_root(),
        tv::blob_size(),
        1,
        deletable,
        &mut payment,
        ctx,
    );
    destroy(payment);
    blob
}

fun certify_all(runner: &mut Runner, blob: &mut Blob) {
    blob_ops::certify_blob(
        runner.sys(),
        blob,
        tv::certificate_signature_all(),
        x"0f",
        tv::certificate_message(),
    );
}

fun epoch_one(): Runner {
    let mut runner = test_runner::start();
    let (caps, stakes) = runner.epoch_one();
    destroy(caps);
    destroy(stakes);
    runner
}

#[test]
fun register_checks_and_charges() {
    let mut runner = epoch_one();
    let blob = register(&mut runner, 2, false);
    assert_eq!(blob.blob_id(), tv::blob_id());
    assert_eq!(blob.registered_epoch(), 1);
    assert_eq!(blob.end_epoch(), 3);
    assert!(!blob.is_certified());
    // Storage 11 units * 5 * 2 epochs, write fee 11 units * 1.
    assert_eq!(runner.sys().inner().reward_pool_value(), 110 + 11);
    assert_eq!(event::events_by_type<events::BlobRegistered>().length(), 1);
    destroy(blob);
    runner.finish();
}

#[test]
fun certify_with_all_signers() {
    let mut runner = epoch_one();
    let mut blob = register(&mut runner, 2, false);
    certify_all(&mut runner, &mut blob);
    assert_eq!(blob.certified_epoch(), option::some(1));
    assert_eq!(event::events_by_type<events::BlobCertified>().length(), 1);
    destroy(blob);
    runner.finish();
}

#[test]
fun certify_with_three_of_four() {
    let mut runner = epoch_one();
    let mut blob = register(&mut runner, 2, false);
    blob_ops::certify_blob(
        runner.sys(),
        &mut blob,
        tv::certificate_signature_three(),
        x"07",
        tv::certificate_message(),
    );
    assert!(blob.is_certified());
    destroy(blob);
    runner.finish();
}

#[test]
fun extend_with_payment() {
    let mut runner = epoch_one();
    let mut blob = register(&mut runner, 2, false);
    certify_all(&mut runner, &mut blob);
    let mut payment = runner.mint(1_000);
    let (system, _, ctx) = runner.parts();
    blob_ops::extend_blob(system, &mut blob, 2, &mut payment, ctx);
    assert_eq!(blob.end_epoch(), 5);
    assert_eq!(payment.value(), 1_000 - 11 * 5 * 2);
    assert_eq!(runner.sys().inner().accounting().used_at(4), SPACE);
    assert_eq!(event::events_by_type<events::BlobCertified>().length(), 2);
    destroy(payment);
    destroy(blob);
    runner.finish();
}

#[test]
fun extend_with_a_resource() {
    let mut runner = epoch_one();
    let mut blob = register(&mut runner, 2, false);
    certify_all(&mut runner, &mut blob);
    let mut payment = runner.mint(1_000);
    let (system, _, ctx) = runner.parts();
    let mut head = system::reserve_space(system, SPACE, 4, &mut payment, ctx);
    let tail = head.split_by_epoch(3, ctx);
    blob_ops::extend_blob_with_resource(runner.sys(), &mut blob, tail);
    assert_eq!(blob.end_epoch(), 5);
    destroy(head);
    destroy(payment);
    destroy(blob);
    runner.finish();
}

#[test]
fun delete_returns_the_storage() {
    let mut runner = epoch_one();
    let blob = register(&mut runner, 2, true);
    let storage = blob_ops::delete_blob(runner.sys(), blob);
    assert_eq!(storage.storage_size(), SPACE);
    assert_eq!(storage.end_epoch(), 3);
    assert_eq!(event::events_by_type<events::BlobDeleted>().length(), 1);
    storage.destroy();
    runner.finish();
}

#[test]
fun invalidate_with_validity_weight() {
    let mut runner = epoch_one();
    let id = blob_ops::invalidate_blob_id(
        runner.sys(),
        tv::invalid_blob_signature(),
        x"03",
        tv::invalid_blob_message(),
    );
    assert_eq!(id, tv::invalid_blob_id());
    assert!(runner.sys().inner().is_invalidated(id));
    assert_eq!(event::events_by_type<events::InvalidBlobID>().length(), 1);
    runner.finish();
}

#[test, expected_failure(abort_code = floe::blob_ops::EAlreadyInvalidated)]
fun invalidate_twice() {
    let mut runner = epoch_one();
    blob_ops::invalidate_blob_id(
        runner.sys(),
        tv::invalid_blob_signature(),
        x"03",
        tv::invalid_blob_message(),
    );
    blob_ops::invalidate_blob_id(
        runner.sys(),
        tv::invalid_blob_signature(),
        x"03",
        tv::invalid_blob_message(),
    );
    abort
}

#[test, expected_failure(abort_code = floe::blob_ops::EInvalidEncodingType)]
fun unknown_encoding() {
    let mut runner = epoch_one();
    let mut payment = runner.mint(10_000);
    let (system, _, ctx) = runner.parts();
    let storage = system::reserve_space(system, SPACE, 1, &mut payment, ctx);
    let _blob = blob_ops::register_blob(
        system,
        storage,
        tv::blob_id(),
        tv::blob_root(),
        tv::blob_size(),
        2,
        false,
        &mut payment,
        ctx,
    );
    abort
}

#[test, expected_failure(abort_code = floe::blob_ops::EInvalidBlobId)]
fun blob_id_not_derived_from_root() {
    let mut runner = epoch_one();
    let mut payment = runner.mint(10_000);
    let (system, _, ctx) = runner.parts();
    let storage = system::reserve_space(system, SPACE, 1, &mut payment, ctx);
    let _blob = blob_ops::register_blob(
        system,
        storage,
        tv::blob_id(),
        tv::blob_root() + 1,
        tv::blob_size(),
        1,
        false,
        &mut payment,
        ctx,
    );
    abort
}

#[test, expected_failure(abort_code = floe::blob_ops::EResourceBounds)]
fun storage_from_the_future() {
    let mut runner = epoch_one();
    let mut payment = runner.mint(10_000);
    let (system, _, ctx) = runner.parts();
    let storage = storage_resource::new(2, 3, SPACE, ctx);
    let _blob = blob_ops::register_blob(
        system,
        storage,
        tv::blob_id(),
        tv::blob_root(),
        tv::blob_size(),
        1,
        false,
        &mut payment,
        ctx,
    );
    abort
}

#[test, expected_failure(abort_code = floe::blob_ops::EResourceSize)]
fun storage_too_small() {
    let mut runner = epoch_one();
    let mut payment = runner.mint(10_000);
    let (system, _, ctx) = runner.parts();
    let storage = system::reserve_space(system, 10 * 1024, 1, &mut payment, ctx);
    let _blob = blob_ops::register_blob(
        system,
        storage,
        tv::blob_id(),
        tv::blob_root(),
        tv::blob_size(),
        1,
        false,
        &mut payment,
        ctx,
    );
    abort
}

#[test, expected_failure(abort_code = floe::blob_ops::EBlobTooLarge)]
fun blob_too_large() {
    let mut runner = epoch_one();
    let mut payment = runner.mint(10_000);
    let (system, _, ctx) = runner.parts();
    let storage = storage_resource::new(1, 2, 1 << 40, ctx);
    // k1 * k2 * 65534 = 1834952 bytes is the largest blob for n = 10.
    let size = 1_834_953;
    let _blob = blob_ops::register_blob(
        system,
        storage,
        blob::derive_blob_id(1, size, 5),
        5,
        size,
        1,
        false,
        &mut payment,
        ctx,
    );
    abort
}

#[test, expected_failure(abort_code = floe::system::EInsufficientPayment)]
fun write_fee_unpaid() {
    let mut runner = epoch_one();
    let mut payment = runner.mint(0);
    let (system, _, ctx) = runner.parts();
    let storage = storage_resource::new(1, 2, SPACE, ctx);
    let _blob = blob_ops::register_blob(
        system,
        storage,
        tv::blob_id(),
        tv::blob_root(),
        tv::blob_size(),
        1,
        false,
        &mut payment,
        ctx,
    );
    abort
}

#[test, expected_failure(abort_code = floe::blob_ops::EAlreadyCertified)]
fun certify_twice() {
    let mut runner = epoch_one();
    let mut blob = register(&mut runner, 2, false);
    certify_all(&mut runner, &mut blob);
    certify_all(&mut runner, &mut blob);
    abort
}

#[test, expected_failure(abort_code = floe::blob_ops::EBlobExpired)]
fun certify_expired() {
    let mut runner = epoch_one();
    let mut blob = register(&mut runner, 1, false);
    runner.advance_epoch();
    certify_all(&mut runner, &mut blob);
    abort
}

#[test, expected_failure(abort_code = floe::blob_ops::EBlobIdMismatch)]
fun certificate_for_another_blob() {
    let mut runner = epoch_one();
    let mut payment = runner.mint(10_000);
    let (system, _, ctx) = runner.parts();
    let storage = system::reserve_space(system, SPACE, 1, &mut payment, ctx);
    let mut other = blob_ops::register_blob(
        system,
        storage,
        blob::derive_blob_id(1, 1000, 1234),
        1234,
        1000,
        1,
        false,
        &mut payment,
        ctx,
    );
    certify_all(&mut runner, &mut other);
    abort
}

#[test, expected_failure(abort_code = floe::blob_ops::EPersistenceMismatch)]
fun permanent_certificate_for_a_deletable_blob() {
    let mut runner = epoch_one();
    let mut blob = register(&mut runner, 2, true);
    certify_all(&mut runner, &mut blob);
    abort
}

#[test, expected_failure(abort_code = floe::messages::EWrongEpoch)]
fun certificate_of_an_older_committee() {
    let mut runner = test_runner::start();
    let (mut caps, _stakes) = runner.epoch_one();
    runner.advance_epoch();
    runner.sync(&mut caps);
    // Epoch 2: the same four members sign, but the message says epoch 1.
    let mut blob = register(&mut runner, 2, false);
    certify_all(&mut runner, &mut blob);
    abort
}

#[test, expected_failure(abort_code = floe::blob_ops::ENotCertified)]
fun extend_uncertified() {
    let mut runner = epoch_one();
    let mut blob = register(&mut runner, 2, false);
    let mut payment = runner.mint(1_000);
    let (system, _, ctx) = runner.parts();
    blob_ops::extend_blob(system, &mut blob, 1, &mut payment, ctx);
    abort
}

#[test, expected_failure(abort_code = floe::blob_ops::EInvalidEpochs)]
fun extend_beyond_the_window() {
    let mut runner = epoch_one();
    let mut blob = register(&mut runner, 2, false);
    certify_all(&mut runner, &mut blob);
    let mut payment = runner.mint(10_000);
    let (system, _, ctx) = runner.parts();
    blob_ops::extend_blob(system, &mut blob, 9, &mut payment, ctx);
    abort
}

#[test, expected_failure(abort_code = floe::blob_ops::EInvalidExtension)]
fun extension_not_adjacent() {
    let mut runner = epoch_one();
    let mut blob = register(&mut runner, 2, false);
    certify_all(&mut runner, &mut blob);
    let mut payment = runner.mint(1_000);
    let (system, _, ctx) = runner.parts();
    let storage = system::reserve_space(system, SPACE, 4, &mut payment, ctx);
    blob_ops::extend_blob_with_resource(runner.sys(), &mut blob, storage);
    abort
}

#[test, expected_failure(abort_code = floe::blob::ENotDeletable)]
fun delete_permanent() {
    let mut runner = epoch_one();
    let blob = register(&mut runner, 2, false);
    let _storage = blob_ops::delete_blob(runner.sys(), blob);
    abort
}

// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

/// Blob entry points (PROTOCOL.md section 3): register against a storage resource, certify with
/// an aggregated BLS certificate of quorum weight, extend, delete, and invalidate a blob ID with
/// validity (f+1) weight.
module floe::blob_ops;

use floe::{
    blob::{Self, Blob},
    bls_aggregate,
    events,
    messages,
    storage_resource::Storage,
    system::System
};
use sui::{coin::Coin, sui::SUI};

// === Errors ===

/// The blob ID is not blake2b256(bcs(encoding_type, size, root_hash)).
#[error(code = 0)]
const EInvalidBlobId: vector<u8> = b"The blob ID does not match its encoding, size and root";
/// Only RS2 (1) is supported.
#[error(code = 1)]
const EInvalidEncodingType: vector<u8> = b"Unsupported encoding type";
/// The storage resource does not cover the current epoch.
#[error(code = 2)]
const EResourceBounds: vector<u8> = b"Storage does not cover the current epoch";
/// The storage resource is smaller than the encoded blob.
#[error(code = 3)]
const EResourceSize: vector<u8> = b"Storage smaller than the encoded blob";
/// The blob is too large for the number of shards (symbol size above 65534).
#[error(code = 4)]
const EBlobTooLarge: vector<u8> = b"Blob too large";
/// The blob is already certified.
#[error(code = 5)]
const EAlreadyCertified: vector<u8> = b"Blob already certified";
/// The blob's storage has ended.
#[error(code = 6)]
const EBlobExpired: vector<u8> = b"Blob expired";
/// The certificate is for another blob ID.
#[error(code = 7)]
const EBlobIdMismatch: vector<u8> = b"Certificate for another blob";
/// The certificate's persistence (or object ID) does not match the blob.
#[error(code = 8)]
const EPersistenceMismatch: vector<u8> = b"Certificate persistence does not match the blob";
/// Only certified blobs can be extended.
#[error(code = 9)]
const ENotCertified: vector<u8> = b"Blob not certified";
/// The extension does not start at the blob's end or its size differs.
#[error(code = 10)]
const EInvalidExtension: vector<u8> = b"Extension does not fit the blob's storage";
/// The blob ID was already invalidated.
#[error(code = 11)]
const EAlreadyInvalidated: vector<u8> = b"Blob ID already invalidated";
/// Extending by zero epochs or beyond `max_epochs_ahead`.
#[error(code = 12)]
const EInvalidEpochs: vector<u8> = b"Invalid number of epochs";

// === Constants ===

const MAX_SYMBOL_SIZE: u64 = 65534;

// === Public functions ===

/// Registers a blob against `storage` and charges the write fee
/// (units(encoded size) * write_price_per_unit) from `write_payment`.
public fun register_blob(
    system: &mut System,
    storage: Storage,
    blob_id: u256,
    root_hash: u256,
    size: u64,
    encoding_type: u8,
    deletable: bool,
    write_payment: &mut Coin<SUI>,
    ctx: &mut TxContext,
): Blob {
    assert!(encoding_type == blob::rs2(), EInvalidEncodingType);
    assert!(blob::derive_blob_id(encoding_type, size, root_hash) == blob_id, EInvalidBlobId);
    let state = system.inner_mut();
    let epoch = state.epoch();
    let n_shards = state.params().n_shards();
    assert!(blob::symbol_size(size, n_shards) <= MAX_SYMBOL_SIZE, EBlobTooLarge);
    assert!(storage.start_epoch() <= epoch && epoch < storage.end_epoch(), EResourceBounds);
    let encoded = blob::encoded_size(size, n_shards);
    assert!(storage.storage_size() >= encoded, EResourceSize);
    let fee = state.params().units(encoded) * state.params().write_price_per_unit();
    state.collect_fee(fee, write_payment, ctx);
    let end_epoch = storage.end_epoch();
    let blob = blob::new(epoch, blob_id, size, encoding_type, storage, deletable, root_hash, ctx);
    events::emit_blob_registered(
        epoch,
        blob_id,
        size,
        encoding_type,
        end_epoch,
        deletable,
        blob.object_id(),
    );
    blob
}

/// Certifies `blob` with a certificate (intent 1) of quorum weight from the current committee.
public fun certify_blob(
    system: &System,
    blob: &mut Blob,
    signature: vector<u8>,
    signers_bitmap: vector<u8>,
    message: vector<u8>,
) {
    let state = system.inner();
    let epoch = state.epoch();
    assert!(!blob.is_certified(), EAlreadyCertified);
    assert!(epoch < blob.end_epoch(), EBlobExpired);
    let _ = bls_aggregate::verify_quorum(
        state.committee_keys(),
        state.committee(),
        &signature,
        &signers_bitmap,
        &message,
    );
    let certificate = messages::parse_blob_certificate(message, state.committee().epoch());
    assert!(certificate.blob_id() == blob.blob_id(), EBlobIdMismatch);
    assert!(certificate.deletable() == blob.deletable(), EPersistenceMismatch);
    if (blob.deletable()) {
        assert!(certificate.object_id() == option::some(blob.object_id()), EPersistenceMismatch);
    };
    blob.certify(epoch);
    events::emit_blob_certified(
        epoch,
        blob.blob_id(),
        blob.end_epoch(),
        blob.deletable(),
        blob.object_id(),
        false,
    );
}

/// Extends a certified, unexpired blob by `extended_epochs`, paid from `payment`.
public fun extend_blob(
    system: &mut System,
    blob: &mut Blob,
    extended_epochs: u32,
    payment: &mut Coin<SUI>,
    ctx: &mut TxContext,
) {
    let state = system.inner_mut();
    let epoch = state.epoch();
    check_extendable(blob, epoch);
    let end = blob.end_epoch();
    assert!(
        extended_epochs > 0 && end + extended_epochs <= epoch + state.params().max_epochs_ahead(),
        EInvalidEpochs,
    );
    state.sell_space(end, end + extended_epochs, blob.storage().storage_size(), payment, ctx);
    blob.storage_mut().extend_end_epoch(extended_epochs);
    emit_extended(blob, epoch);
}

/// Extends a certified, unexpired blob with a storage resource that starts at its end and has
/// the same size.
public fun extend_blob_with_resource(system: &System, blob: &mut Blob, extension: Storage) {
    let epoch = system.inner().epoch();
    check_extendable(blob, epoch);
    assert!(
        extension.start_epoch() == blob.end_epoch() &&
            extension.storage_size() == blob.storage().storage_size(),
        EInvalidExtension,
    );
    blob.storage_mut().fuse_periods(extension);
    emit_extended(blob, epoch);
}

/// Deletes a deletable blob and returns its storage for reuse.
public fun delete_blob(system: &System, blob: Blob): Storage {
    let epoch = system.inner().epoch();
    let blob_id = blob.blob_id();
    let end_epoch = blob.end_epoch();
    let object_id = blob.object_id();
    let was_certified = blob.is_certified();
    let storage = blob.delete();
    events::emit_blob_deleted(epoch, blob_id, end_epoch, object_id, was_certified);
    storage
}

/// Marks a blob ID invalid with a certificate (intent 2) of validity weight from the current
/// committee; returns the blob ID. A second invalidation of the same ID aborts.
public fun invalidate_blob_id(
    system: &mut System,
    signature: vector<u8>,
    signers_bitmap: vector<u8>,
    message: vector<u8>,
): u256 {
    let state = system.inner_mut();
    let _ = bls_aggregate::verify_validity(
        state.committee_keys(),
        state.committee(),
        &signature,
        &signers_bitmap,
        &message,
    );
    let blob_id = messages::parse_invalid_blob_id(message, state.committee().epoch());
    assert!(!state.is_invalidated(blob_id), EAlreadyInvalidated);
    state.invalidated_mut().add(blob_id, true);
    events::emit_invalid_blob_id(state.epoch(), blob_id);
    blob_id
}

// === Private ===

fun check_extendable(blob: &Blob, epoch: u32) {
    assert!(blob.is_certified(), ENotCertified);
    assert!(epoch < blob.end_epoch(), EBlobExpired);
}

fun emit_extended(blob: &Blob, epoch: u32) {
    events::emit_blob_certified(
        epoch,
        blob.blob_id(),
        blob.end_epoch(),
        blob.deletable(),
        blob.object_id(),
        true,
    );
}

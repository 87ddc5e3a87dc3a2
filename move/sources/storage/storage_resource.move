// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

/// Storage space for a range of epochs [start_epoch, end_epoch), bought with SUI through
/// `system::reserve_space`. It can be split by epoch or by size and fused back.
module floe::storage_resource;

// === Errors ===

/// The split epoch is not strictly inside the period.
#[error(code = 0)]
const EInvalidEpoch: vector<u8> = b"Split epoch outside the storage period";
/// The split size is zero or not smaller than the storage size.
#[error(code = 1)]
const EInvalidSize: vector<u8> = b"Split size must be between 0 and the storage size";
/// The periods are not adjacent or the sizes differ.
#[error(code = 2)]
const EIncompatiblePeriods: vector<u8> = b"Storage periods are not adjacent or sizes differ";
/// The periods differ.
#[error(code = 3)]
const EIncompatibleAmounts: vector<u8> = b"Storage periods differ";

// === Structs ===

public struct Storage has key, store {
    id: UID,
    start_epoch: u32,
    end_epoch: u32,
    storage_size: u64,
}

// === Public functions ===

/// Splits off [split_epoch, end) into a new resource; `storage` keeps [start, split_epoch).
public fun split_by_epoch(storage: &mut Storage, split_epoch: u32, ctx: &mut TxContext): Storage {
    assert!(split_epoch > storage.start_epoch && split_epoch < storage.end_epoch, EInvalidEpoch);
    let end_epoch = storage.end_epoch;
    storage.end_epoch = split_epoch;
    Storage {
        id: object::new(ctx),
        start_epoch: split_epoch,
        end_epoch,
        storage_size: storage.storage_size,
    }
}

/// Splits off `split_size` bytes over the same period into a new resource.
public fun split_by_size(storage: &mut Storage, split_size: u64, ctx: &mut TxContext): Storage {
    assert!(split_size > 0 && split_size < storage.storage_size, EInvalidSize);
    storage.storage_size = storage.storage_size - split_size;
    Storage {
        id: object::new(ctx),
        start_epoch: storage.start_epoch,
        end_epoch: storage.end_epoch,
        storage_size: split_size,
    }
}

/// Joins two adjacent periods of the same size into `first`.
public fun fuse_periods(first: &mut Storage, second: Storage) {
    let Storage { id, start_epoch, end_epoch, storage_size } = second;
    id.delete();
    assert!(first.storage_size == storage_size, EIncompatiblePeriods);
    if (first.end_epoch == start_epoch) {
        first.end_epoch = end_epoch
    } else {
        assert!(end_epoch == first.start_epoch, EIncompatiblePeriods);
        first.start_epoch = start_epoch;
    }
}

/// Adds the size of `second` (same period) to `first`.
public fun fuse_amount(first: &mut Storage, second: Storage) {
    let Storage { id, start_epoch, end_epoch, storage_size } = second;
    id.delete();
    assert!(first.start_epoch == start_epoch && first.end_epoch == end_epoch, EIncompatibleAmounts);
    first.storage_size = first.storage_size + storage_size;
}

/// Fuses by amount when the periods are equal, by period otherwise.
public fun fuse(first: &mut Storage, second: Storage) {
    if (first.start_epoch == second.start_epoch && first.end_epoch == second.end_epoch) {
        fuse_amount(first, second)
    } else fuse_periods(first, second)
}

/// Destroys the resource (its space stays sold until it ends).
public fun destroy(storage: Storage) {
    let Storage { id, .. } = storage;
    id.delete();
}

// === Package functions ===

public(package) fun new(
    start_epoch: u32,
    end_epoch: u32,
    storage_size: u64,
    ctx: &mut TxContext,
): Storage {
    Storage { id: object::new(ctx), start_epoch, end_epoch, storage_size }
}

public(package) fun extend_end_epoch(self: &mut Storage, extended_epochs: u32) {
    self.end_epoch = self.end_epoch + extended_epochs;
}

// === Accessors ===

public fun start_epoch(self: &Storage): u32 { self.start_epoch }

public fun end_epoch(self: &Storage): u32 { self.end_epoch }

public fun storage_size(self: &Storage): u64 { self.storage_size }

// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

/// A registered blob: its ID, root, size, encoding and the storage it occupies. The entry points
/// that register, certify, extend and delete blobs are in `blob_ops` (they need the system).
module floe::blob;

use floe::storage_resource::Storage;
use sui::{bcs, hash};

// === Errors ===

/// The blob is not deletable.
#[error(code = 0)]
const ENotDeletable: vector<u8> = b"The blob is not deletable";

// === Constants ===

/// RedStuff with Reed-Solomon over GF(2^16), the only encoding.
const RS2: u8 = 1;

// === Structs ===

public struct Blob has key, store {
    id: UID,
    registered_epoch: u32,
    blob_id: u256,
    size: u64,
    encoding_type: u8,
    certified_epoch: Option<u32>,
    storage: Storage,
    deletable: bool,
    root_hash: u256,
}

// === Public functions ===

/// blob_id = u256 of blake2b256(bcs(encoding_type u8, size u64, root_hash u256)).
public fun derive_blob_id(encoding_type: u8, size: u64, root_hash: u256): u256 {
    let mut data = vector[encoding_type];
    data.append(bcs::to_bytes(&size));
    data.append(bcs::to_bytes(&root_hash));
    let mut reader = bcs::new(hash::blake2b256(&data));
    reader.peel_u256()
}

/// Encoded size of a blob of `size` bytes over `n_shards` shards:
/// n * ((k1 + k2) * s + 64 * n + 32), with k1 = n - 2f, k2 = n - f, f = floor((n - 1) / 3) and
/// s = ceil(max(size, 1) / (k1 * k2)) rounded up to even.
public fun encoded_size(size: u64, n_shards: u16): u64 {
    let n = n_shards as u64;
    let f = (n - 1) / 3;
    let k1 = n - 2 * f;
    let k2 = n - f;
    let s = symbol_size(size, n_shards);
    n * ((k1 + k2) * s + 64 * n + 32)
}

/// Symbol size of a blob of `size` bytes: ceil(max(size, 1) / (k1 * k2)), rounded up to even.
public fun symbol_size(size: u64, n_shards: u16): u64 {
    let n = n_shards as u64;
    let f = (n - 1) / 3;
    let k1 = n - 2 * f;
    let k2 = n - f;
    let len = size.max(1);
    let mut s = (len + k1 * k2 - 1) / (k1 * k2);
    if (s % 2 == 1) s = s + 1;
    s
}

public fun rs2(): u8 { RS2 }

/// Destroys the blob and its storage. Anyone owning a blob may burn it at any time.
public fun burn(blob: Blob) {
    let Blob { id, storage, .. } = blob;
    id.delete();
    storage.destroy();
}

// === Package functions ===

public(package) fun new(
    registered_epoch: u32,
    blob_id: u256,
    size: u64,
    encoding_type: u8,
    storage: Storage,
    deletable: bool,
    root_hash: u256,
    ctx: &mut TxContext,
): Blob {
    Blob {
        id: object::new(ctx),
        registered_epoch,
        blob_id,
        size,
        encoding_type,
        certified_epoch: option::none(),
        storage,
        deletable,
        root_hash,
    }
}

public(package) fun certify(self: &mut Blob, epoch: u32) {
    self.certified_epoch = option::some(epoch);
}

public(package) fun storage_mut(self: &mut Blob): &mut Storage { &mut self.storage }

/// Destroys a deletable blob and gives back its storage.
public(package) fun delete(blob: Blob): Storage {
    let Blob { id, storage, deletable, .. } = blob;
    assert!(deletable, ENotDeletable);
    id.delete();
    storage
}

// === Accessors ===

public fun object_id(self: &Blob): ID { self.id.to_inner() }

public fun registered_epoch(self: &Blob): u32 { self.registered_epoch }

public fun blob_id(self: &Blob): u256 { self.blob_id }

public fun size(self: &Blob): u64 { self.size }

public fun encoding_type(self: &Blob): u8 { self.encoding_type }

public fun certified_epoch(self: &Blob): Option<u32> { self.certified_epoch }

public fun is_certified(self: &Blob): bool { self.certified_epoch.is_some() }

public fun storage(self: &Blob): &Storage { &self.storage }

public fun end_epoch(self: &Blob): u32 { self.storage.end_epoch() }

public fun deletable(self: &Blob): bool { self.deletable }

public fun root_hash(self: &Blob): u256 { self.root_hash }

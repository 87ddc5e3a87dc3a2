// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

/// What a storage node declares about itself at registration.
module floe::node_info;

use std::string::String;

// === Structs ===

public struct StorageNodeInfo has copy, drop, store {
    name: String,
    network_address: String,
    public_key: vector<u8>,
    capacity: u64,
}

// === Package functions ===

public(package) fun new(
    name: String,
    network_address: String,
    public_key: vector<u8>,
    capacity: u64,
): StorageNodeInfo {
    StorageNodeInfo { name, network_address, public_key, capacity }
}

// === Accessors ===

public fun name(self: &StorageNodeInfo): String { self.name }

public fun network_address(self: &StorageNodeInfo): String { self.network_address }

public fun public_key(self: &StorageNodeInfo): vector<u8> { self.public_key }

public fun capacity(self: &StorageNodeInfo): u64 { self.capacity }

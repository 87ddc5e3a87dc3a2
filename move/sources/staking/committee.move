// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

/// An epoch's committee: members sorted by node ID ascending (the bitmap order of certificates)
/// and the shards each holds. Weight is counted in shards.
module floe::committee;

// === Structs ===

public struct Committee has copy, drop, store {
    epoch: u32,
    members: vector<ID>,
    shards: vector<vector<u16>>,
    n_shards: u16,
}

// === Package functions ===

/// A committee with the given members (sorted by node ID) and their shards.
public(package) fun new(
    epoch: u32,
    members: vector<ID>,
    shards: vector<vector<u16>>,
    n_shards: u16,
): Committee {
    Committee { epoch, members, shards, n_shards }
}

/// The committee of no one, for epoch 0.
public(package) fun empty(n_shards: u16): Committee {
    Committee { epoch: 0, members: vector[], shards: vector[], n_shards }
}

// === Accessors ===

public fun epoch(self: &Committee): u32 { self.epoch }

public fun members(self: &Committee): &vector<ID> { &self.members }

public fun shards(self: &Committee): &vector<vector<u16>> { &self.shards }

public fun n_shards(self: &Committee): u16 { self.n_shards }

public fun size(self: &Committee): u64 { self.members.length() }

public fun is_empty(self: &Committee): bool { self.members.is_empty() }

/// Bitmap index of `node_id`, if it is a member.
public fun index_of(self: &Committee, node_id: &ID): Option<u64> {
    self.members.find_index!(|m| m == node_id)
}

public fun contains(self: &Committee, node_id: &ID): bool { self.members.contains(node_id) }

/// Shards held by member `index`.
public fun weight_at(self: &Committee, index: u64): u16 { self.shards[index].length() as u16 }

/// Shards held by `node_id`; 0 when it is not a member.
public fun weight_of(self: &Committee, node_id: &ID): u16 {
    let idx = self.index_of(node_id);
    if (idx.is_some()) self.weight_at(idx.destroy_some()) else 0
}

/// 3w >= 2n + 1.
public fun is_quorum(self: &Committee, weight: u16): bool {
    3 * (weight as u64) >= 2 * (self.n_shards as u64) + 1
}

/// 3w >= n + 1 (at least one honest member).
public fun is_validity(self: &Committee, weight: u16): bool {
    3 * (weight as u64) >= (self.n_shards as u64) + 1
}

/// Owner (member index) of every shard; `size()` marks an unowned shard.
public fun shard_owners(self: &Committee): vector<u64> {
    let mut owners = vector::tabulate!(self.n_shards as u64, |_| self.members.length());
    self.shards.length().do!(|i| {
        self.shards[i].do_ref!(|s| {
            let slot = &mut owners[(*s) as u64];
            *slot = i;
        });
    });
    owners
}

// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

/// Pure functions that turn stake into a committee and a shard assignment (PROTOCOL.md section 6,
/// move/DESIGN.md). The embedded chain mirrors them step for step.
///
/// 1. `select`: candidates with enough stake, by stake descending then node ID ascending, the
///    first `max_size`, returned in committee order (node ID ascending).
/// 2. `dhondt`: shard counts, one shard at a time to the largest stake / (given + 1) among
///    members below the cap; ties go to the lower committee index.
/// 3. `transition`: minimal movement from the previous owners to the new counts.
/// 4. `rotate`: swaps of random shard pairs with different owners.
module floe::apportionment;

use sui::{address, random::RandomGenerator};

// === Errors ===

/// The per-node cap leaves shards without an owner.
#[error(code = 0)]
const ECapTooLow: vector<u8> = b"Every member is capped before all shards are handed out";
/// Candidate vectors differ in length.
#[error(code = 1)]
const ELengthMismatch: vector<u8> = b"Candidate IDs and stakes differ in length";

// === Public functions ===

/// Node ID as a big-endian integer, the committee order key.
public fun id_key(id: &ID): u256 { address::to_u256(object::id_to_address(id)) }

/// Selects the committee. Returns (members sorted by node ID ascending, their stakes).
public fun select(
    ids: &vector<ID>,
    stakes: &vector<u64>,
    min_stake: u64,
    max_size: u16,
): (vector<ID>, vector<u64>) {
    assert!(ids.length() == stakes.length(), ELengthMismatch);
    // Eligible candidate indices, by stake descending then node ID ascending (insertion sort).
    let mut order: vector<u64> = vector[];
    ids.length().do!(|i| {
        if (stakes[i] >= min_stake && stakes[i] > 0) {
            order.push_back(i);
            let mut j = order.length() - 1;
            while (j > 0 && ranks_before(ids, stakes, order[j], order[j - 1])) {
                order.swap(j, j - 1);
                j = j - 1;
            };
        }
    });
    while (order.length() > (max_size as u64)) { order.pop_back(); };
    // Committee order: node ID ascending.
    let mut k = 1;
    while (k < order.length()) {
        let mut j = k;
        while (j > 0 && id_key(&ids[order[j]]) < id_key(&ids[order[j - 1]])) {
            order.swap(j, j - 1);
            j = j - 1;
        };
        k = k + 1;
    };
    (order.map_ref!(|i| ids[*i]), order.map_ref!(|i| stakes[*i]))
}

/// D'Hondt with a cap: shard counts per member (same order as `stakes`) summing to `n_shards`.
/// Aborts `ECapTooLow` when every member reaches `cap` first (or there is no member).
public fun dhondt(stakes: &vector<u64>, n_shards: u16, cap: u16): vector<u16> {
    let m = stakes.length();
    let mut given = vector::tabulate!(m, |_| 0u16);
    (n_shards as u64).do!(|_| {
        let mut best = m;
        m.do!(|i| {
            if (given[i] < cap) {
                if (best == m) {
                    best = i
                } else {
                    // stakes[i] / (given[i] + 1) > stakes[best] / (given[best] + 1)
                    let lhs = (stakes[i] as u128) * ((given[best] as u128) + 1);
                    let rhs = (stakes[best] as u128) * ((given[i] as u128) + 1);
                    if (lhs > rhs) {
                        best = i
                    }
                }
            }
        });
        assert!(best < m, ECapTooLow);
        let slot = &mut given[best];
        *slot = *slot + 1;
    });
    given
}

/// Minimal movement. `prev_owners[s]` is the previous owner's node ID of shard s (none for an
/// unowned shard); `members`/`counts` the new committee. Returns the new owner (member index) of
/// every shard: each member keeps its lowest-numbered previous shards up to its count, the freed
/// shards in ascending order go to members that need more, in committee order.
public fun transition(
    prev_owners: &vector<Option<ID>>,
    members: &vector<ID>,
    counts: &vector<u16>,
): vector<u64> {
    let n = prev_owners.length();
    let m = members.length();
    let mut owners = vector::tabulate!(n, |_| m);
    let mut held = vector::tabulate!(m, |_| 0u16);
    n.do!(|s| {
        let prev = &prev_owners[s];
        if (prev.is_some()) {
            let idx = members.find_index!(|x| x == prev.borrow());
            if (idx.is_some()) {
                let i = idx.destroy_some();
                if (held[i] < counts[i]) {
                    let slot = &mut owners[s];
                    *slot = i;
                    let h = &mut held[i];
                    *h = *h + 1;
                }
            }
        }
    });
    let mut member = 0;
    n.do!(|s| {
        if (owners[s] == m) {
            while (member < m && held[member] >= counts[member]) {
                member = member + 1;
            };
            assert!(member < m, ECapTooLow);
            let slot = &mut owners[s];
            *slot = member;
            let h = &mut held[member];
            *h = *h + 1;
        }
    });
    owners
}

/// Random rotation: `swaps` draws of two shards a, b in [0, n-1]; when their owners differ the
/// owners are exchanged. Returns how many exchanges happened.
public(package) fun rotate(
    owners: &mut vector<u64>,
    swaps: u64,
    generator: &mut RandomGenerator,
): u64 {
    let n = owners.length();
    if (n == 0) return 0;
    let mut rotated = 0;
    swaps.do!(|_| {
        let a = generator.generate_u64_in_range(0, n - 1);
        let b = generator.generate_u64_in_range(0, n - 1);
        if (owners[a] != owners[b]) {
            owners.swap(a, b);
            rotated = rotated + 1;
        }
    });
    rotated
}

/// Per-member ascending shard lists from per-shard owners.
public fun shards_by_member(owners: &vector<u64>, members: u64): vector<vector<u16>> {
    let mut out = vector::tabulate!(members, |_| vector<u16>[]);
    owners.length().do!(|s| {
        let list = &mut out[owners[s]];
        list.push_back(s as u16);
    });
    out
}

// === Private ===

/// Whether candidate a ranks before b: more stake, or equal stake and lower node ID.
fun ranks_before(ids: &vector<ID>, stakes: &vector<u64>, a: u64, b: u64): bool {
    stakes[a] > stakes[b] || (stakes[a] == stakes[b] && id_key(&ids[a]) < id_key(&ids[b]))
}

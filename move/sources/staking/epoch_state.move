// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

/// Where the epoch change stands: done, or syncing with the weight of the new committee's
/// members that reported holding their shards.
module floe::epoch_state;

// === Structs ===

public enum EpochState has copy, drop, store {
    Done,
    Syncing { reported_weight: u16 },
}

// === Package functions ===

public(package) fun done(): EpochState { EpochState::Done }

public(package) fun syncing(): EpochState { EpochState::Syncing { reported_weight: 0 } }

/// Adds `weight` to a syncing state and returns the new total (Done stays Done, returns 0).
public(package) fun add_weight(self: &mut EpochState, weight: u16): u16 {
    match (self) {
        EpochState::Done => 0,
        EpochState::Syncing { reported_weight } => {
            *reported_weight = *reported_weight + weight;
            *reported_weight
        },
    }
}

// === Accessors ===

public fun is_done(self: &EpochState): bool {
    match (self) {
        EpochState::Done => true,
        EpochState::Syncing { .. } => false,
    }
}

public fun reported_weight(self: &EpochState): u16 {
    match (self) {
        EpochState::Done => 0,
        EpochState::Syncing { reported_weight } => *reported_weight,
    }
}

// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

/// One asynchronous challenge round (PROTOCOL.md section 7): its seed, the nodes that posted a
/// certificate and their weight. A round closes when the certified weight reaches quorum; late
/// certificates are still recorded after that.
module floe::challenge_round;

// === Structs ===

public struct ChallengeRound has copy, drop, store {
    epoch: u32,
    round: u64,
    seed: vector<u8>,
    certified: vector<ID>,
    certified_weight: u16,
    closed: bool,
}

// === Package functions ===

public(package) fun new(epoch: u32, round: u64, seed: vector<u8>): ChallengeRound {
    ChallengeRound { epoch, round, seed, certified: vector[], certified_weight: 0, closed: false }
}

/// Records `node_id`'s certificate; returns the new certified weight.
public(package) fun record(self: &mut ChallengeRound, node_id: ID, weight: u16): u16 {
    self.certified.push_back(node_id);
    self.certified_weight = self.certified_weight + weight;
    self.certified_weight
}

public(package) fun close(self: &mut ChallengeRound) {
    self.closed = true;
}

// === Accessors ===

public fun epoch(self: &ChallengeRound): u32 { self.epoch }

public fun round(self: &ChallengeRound): u64 { self.round }

public fun seed(self: &ChallengeRound): vector<u8> { self.seed }

public fun certified(self: &ChallengeRound): &vector<ID> { &self.certified }

public fun has_certified(self: &ChallengeRound, node_id: &ID): bool {
    self.certified.contains(node_id)
}

public fun certified_weight(self: &ChallengeRound): u16 { self.certified_weight }

public fun closed(self: &ChallengeRound): bool { self.closed }

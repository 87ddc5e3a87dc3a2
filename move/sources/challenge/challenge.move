// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

/// Asynchronous challenge rounds (PROTOCOL.md section 7). A round opens with a random seed that
/// picks the challenged blobs off chain. A committee member posts a certificate (quorum of
/// attestations, intent 4, verdict 1) that it passed; the round closes when certified weight
/// reaches quorum. Certificates are still accepted, marked late, until the next round closes;
/// only then is the round finalized: a member without a certificate is absent (its rewards of the
/// epoch are forfeited) and repeated absence is slashed. Lateness costs nothing.
module floe::challenge;

use floe::{
    bls_aggregate,
    challenge_round::{Self, ChallengeRound},
    committee::Committee,
    events,
    messages,
    slashing,
    storage_node::StorageNodeCap,
    system::{System, SystemStateV1}
};
use sui::{clock::Clock, random::{Random, RandomGenerator}};

// === Errors ===

/// An epoch change is in progress.
#[error(code = 0)]
const EEpochChangeInProgress: vector<u8> = b"An epoch change is in progress";
/// The current round has not closed yet.
#[error(code = 1)]
const ERoundOpen: vector<u8> = b"The current round is still open";
/// `challenge_interval_ms` has not passed since the last round opened.
#[error(code = 2)]
const ETooEarly: vector<u8> = b"Too early for a new round";
/// The committee is empty.
#[error(code = 3)]
const ENoCommittee: vector<u8> = b"No committee";
/// The node is not a member of the committee.
#[error(code = 4)]
const ENotCommitteeMember: vector<u8> = b"Not a member of the committee";
/// The round is neither the current nor the previous one.
#[error(code = 5)]
const EUnknownRound: vector<u8> = b"Round not accepting certificates";
/// The attestation is for another epoch, round or node, or is not a pass.
#[error(code = 6)]
const EAttestationMismatch: vector<u8> = b"Attestation does not match the round and node";
/// The node already posted a certificate for this round.
#[error(code = 7)]
const EAlreadyCertified: vector<u8> = b"Already certified for this round";

// === Constants ===

const SEED_LENGTH: u16 = 32;
const VERDICT_PASSED: u8 = 1;
const REASON_ABSENCE: u8 = 2;

// === Public functions ===

/// Opens the next challenge round with a seed from `sui::random`.
entry fun open_challenge_round(
    system: &mut System,
    random: &Random,
    clock: &Clock,
    ctx: &mut TxContext,
) {
    let mut generator = random.new_generator(ctx);
    open_challenge_round_with(system, &mut generator, clock, ctx);
}

/// Posts `cap`'s node certificate for `round`: quorum of the committee attests that it passed.
public fun submit_challenge_certificate(
    system: &mut System,
    cap: &StorageNodeCap,
    round: u64,
    signature: vector<u8>,
    signers_bitmap: vector<u8>,
    message: vector<u8>,
) {
    let state = system.inner_mut();
    let committee = *state.committee();
    let node_id = cap.node_id();
    assert!(committee.contains(&node_id), ENotCommitteeMember);
    let _ = bls_aggregate::verify_quorum(
        state.committee_keys(),
        &committee,
        &signature,
        &signers_bitmap,
        &message,
    );
    let attestation = messages::parse_challenge_attestation(message);
    assert!(
        attestation.attestation_epoch() == committee.epoch() &&
            attestation.attestation_round() == round &&
            attestation.attestation_node_id() == node_id &&
            attestation.attestation_verdict() == VERDICT_PASSED,
        EAttestationMismatch,
    );
    let weight = committee.weight_of(&node_id);
    let epoch = committee.epoch();
    if (is_round(state.current_round(), round)) {
        let current = state.current_round_mut().borrow_mut();
        assert!(!current.has_certified(&node_id), EAlreadyCertified);
        let late = current.closed();
        let total = current.record(node_id, weight);
        events::emit_challenge_certified(epoch, round, node_id, weight, late);
        if (!late && committee.is_quorum(total)) {
            current.close();
            events::emit_challenge_round_closed(epoch, round, total);
            let previous = state.previous_round_mut();
            if (previous.is_some()) {
                let finished = previous.extract();
                finalize(state, &finished, &committee);
            }
        }
    } else {
        assert!(is_round(state.previous_round(), round), EUnknownRound);
        let previous = state.previous_round_mut().borrow_mut();
        assert!(!previous.has_certified(&node_id), EAlreadyCertified);
        previous.record(node_id, weight);
        events::emit_challenge_certified(epoch, round, node_id, weight, true);
    }
}

// === Package functions ===

/// `open_challenge_round` with an injected generator (tests and the embedded chain).
public(package) fun open_challenge_round_with(
    system: &mut System,
    generator: &mut RandomGenerator,
    clock: &Clock,
    _ctx: &mut TxContext,
) {
    let state = system.inner_mut();
    assert!(state.epoch_state().is_done(), EEpochChangeInProgress);
    assert!(!state.committee().is_empty(), ENoCommittee);
    let current = state.current_round();
    assert!(current.is_none() || current.borrow().closed(), ERoundOpen);
    let now = clock.timestamp_ms();
    assert!(
        state.next_round() == 1 ||
            now >= state.last_round_open_ms() + state.params().challenge_interval_ms(),
        ETooEarly,
    );
    let seed = generator.generate_bytes(SEED_LENGTH);
    let round = state.take_round_number(now);
    let epoch = state.epoch();
    let closed = *state.current_round();
    *state.previous_round_mut() = closed;
    *state.current_round_mut() = option::some(challenge_round::new(epoch, round, seed));
    events::emit_challenge_round_opened(epoch, round, seed);
}

// === Private ===

fun is_round(slot: &Option<ChallengeRound>, round: u64): bool {
    slot.is_some() && slot.borrow().round() == round
}

/// A round is over for good: members without a certificate are absent (rewards forfeited,
/// slashed at `max_absences` in a row); members with one start counting from zero again.
fun finalize(state: &mut SystemStateV1, finished: &ChallengeRound, committee: &Committee) {
    let params = *state.params();
    committee.members().do_ref!(|id| {
        let node_id = *id;
        if (finished.has_certified(&node_id)) {
            state.pool_mut(node_id).set_absences(0);
        } else {
            let absences = state.pool(node_id).absences() + 1;
            state.pool_mut(node_id).set_forfeit(true);
            events::emit_node_absent(finished.epoch(), finished.round(), node_id, absences);
            if (absences >= params.max_absences()) {
                state.pool_mut(node_id).set_absences(0);
                let bps = params.absence_slash_bps();
                slashing::slash_node(state, node_id, bps, REASON_ABSENCE, @0x0, 0).destroy_zero();
            } else {
                state.pool_mut(node_id).set_absences(absences);
            }
        }
    });
}

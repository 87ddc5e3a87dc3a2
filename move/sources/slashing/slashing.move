// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

/// Slashing on evidence the chain can check (PROTOCOL.md section 8), each piece usable once:
/// a signed symbol whose Merkle paths do not lead to the registered blob root, and two
/// conflicting challenge attestations signed by one node. Part of the slashed stake goes to the
/// reporter, the rest is burned (kept forever in the system). Repeated structural absence is
/// slashed from `challenge` through `slash_node`. Nothing here looks at a clock.
module floe::slashing;

use floe::{blob, events, messages, system::{System, SystemStateV1}};
use sui::{balance::Balance, bcs, bls12381, coin::{Self, Coin}, hash, sui::SUI};

// === Errors ===

/// This evidence was already used.
#[error(code = 0)]
const EEvidenceUsed: vector<u8> = b"Evidence already used";
/// The node's key did not sign this message.
#[error(code = 1)]
const EInvalidSignature: vector<u8> = b"Signature does not verify with the node's key";
/// The signed blob ID does not match the signed encoding type, size and root.
#[error(code = 2)]
const EBlobIdMismatch: vector<u8> = b"Signed blob ID does not match its root";
/// The proof verifies: there is nothing to punish.
#[error(code = 3)]
const EProofValid: vector<u8> = b"The signed proof is valid";
/// The two attestations do not conflict.
#[error(code = 4)]
const ENotConflicting: vector<u8> = b"The statements do not conflict";

// === Constants ===

const MAX_BPS: u64 = 10_000;
const REASON_INVALID_SYMBOL: u8 = 0;
const REASON_EQUIVOCATION: u8 = 1;

// === Public functions ===

/// Slashes `node_id` for a signed symbol (intent 5) whose proof does not verify: the symbol's
/// leaf up `sliver_path` must give the sliver hash, and the pair leaf (sliver hash in the axis'
/// slot, `other_hash` in the other) up `pair_path` must give `root_hash`. Aborts `EProofValid`
/// when it does. Returns the reporter's share.
public fun report_invalid_symbol(
    system: &mut System,
    node_id: ID,
    signature: vector<u8>,
    message: vector<u8>,
    ctx: &mut TxContext,
): Coin<SUI> {
    let state = system.inner_mut();
    let key = hash::blake2b256(&message);
    assert!(!state.is_evidence_used(key), EEvidenceUsed);
    let public_key = state.pool(node_id).public_key();
    assert!(bls12381::bls12381_min_pk_verify(&signature, &public_key, &message), EInvalidSignature);
    let symbol = messages::parse_signed_symbol(message);
    assert!(
        blob::derive_blob_id(symbol.symbol_encoding_type(), symbol.symbol_size(), symbol.symbol_root_hash())
            == symbol.symbol_blob_id(),
        EBlobIdMismatch,
    );
    assert!(!proof_is_valid(&symbol), EProofValid);
    state.evidence_mut().add(key, true);
    slash_and_pay(state, node_id, REASON_INVALID_SYMBOL, ctx)
}

/// Slashes `node_id` for two challenge attestations (intent 4) it signed for the same epoch,
/// round and attested node with different verdicts. Returns the reporter's share.
public fun report_equivocation(
    system: &mut System,
    node_id: ID,
    signature_a: vector<u8>,
    message_a: vector<u8>,
    signature_b: vector<u8>,
    message_b: vector<u8>,
    ctx: &mut TxContext,
): Coin<SUI> {
    let state = system.inner_mut();
    let public_key = state.pool(node_id).public_key();
    assert!(
        bls12381::bls12381_min_pk_verify(&signature_a, &public_key, &message_a) &&
            bls12381::bls12381_min_pk_verify(&signature_b, &public_key, &message_b),
        EInvalidSignature,
    );
    let a = messages::parse_challenge_attestation(message_a);
    let b = messages::parse_challenge_attestation(message_b);
    assert!(
        a.attestation_epoch() == b.attestation_epoch() &&
            a.attestation_round() == b.attestation_round() &&
            a.attestation_node_id() == b.attestation_node_id() &&
            a.attestation_verdict() != b.attestation_verdict(),
        ENotConflicting,
    );
    let (epoch, round, attested) = (
        a.attestation_epoch(),
        a.attestation_round(),
        a.attestation_node_id(),
    );
    let mut slot = b"equivocation";
    slot.append(bcs::to_bytes(&node_id));
    slot.append(bcs::to_bytes(&epoch));
    slot.append(bcs::to_bytes(&round));
    slot.append(bcs::to_bytes(&attested));
    let key = hash::blake2b256(&slot);
    assert!(!state.is_evidence_used(key), EEvidenceUsed);
    state.evidence_mut().add(key, true);
    slash_and_pay(state, node_id, REASON_EQUIVOCATION, ctx)
}

// === Package functions ===

/// Takes `bps` of `node_id`'s active stake, burns all but `reporter_bps` of it and returns that
/// share. Emits `NodeSlashed`.
public(package) fun slash_node(
    state: &mut SystemStateV1,
    node_id: ID,
    bps: u16,
    reason: u8,
    reporter: address,
    reporter_bps: u16,
): Balance<SUI> {
    let mut slashed = state.pool_mut(node_id).slash(bps);
    let amount = slashed.value();
    let share = (((amount as u128) * (reporter_bps as u128)) / (MAX_BPS as u128)) as u64;
    let to_reporter = slashed.split(share);
    state.burned_mut().join(slashed);
    events::emit_node_slashed(state.epoch(), node_id, amount, reason, reporter);
    to_reporter
}

/// Whether the signed symbol's two Merkle paths lead to `root_hash`.
/// An index too large for its path (index >= 2^depth) makes the proof invalid, as off chain.
public(package) fun proof_is_valid(symbol: &messages::SignedSymbol): bool {
    let symbol_index = symbol.symbol_index() as u64;
    let pair_index = symbol.symbol_pair_index() as u64;
    if (!index_fits(symbol_index, symbol.symbol_sliver_path().length())) return false;
    if (!index_fits(pair_index, symbol.symbol_pair_path().length())) return false;
    let sliver_hash = root_from_path(
        leaf_hash(symbol.symbol_data()),
        symbol_index,
        symbol.symbol_sliver_path(),
    );
    let mut pair = vector[0u8];
    if (symbol.symbol_axis() == 0) {
        pair.append(sliver_hash);
        pair.append(*symbol.symbol_other_hash());
    } else {
        pair.append(*symbol.symbol_other_hash());
        pair.append(sliver_hash);
    };
    let root = root_from_path(
        hash::blake2b256(&pair),
        pair_index,
        symbol.symbol_pair_path(),
    );
    let root_hash = symbol.symbol_root_hash();
    root == bcs::to_bytes(&root_hash)
}

// === Private ===

fun slash_and_pay(
    state: &mut SystemStateV1,
    node_id: ID,
    reason: u8,
    ctx: &mut TxContext,
): Coin<SUI> {
    let bps = state.params().slash_bps();
    let reporter_bps = state.params().reporter_reward_bps();
    coin::from_balance(slash_node(state, node_id, bps, reason, ctx.sender(), reporter_bps), ctx)
}

/// Whether a leaf index (a u16) can be addressed by a path of `depth` siblings.
fun index_fits(index: u64, depth: u64): bool {
    depth >= 16 || (index >> (depth as u8)) == 0
}

/// H(0x00 || data).
fun leaf_hash(data: &vector<u8>): vector<u8> {
    let mut bytes = vector[0u8];
    bytes.append(*data);
    hash::blake2b256(&bytes)
}

/// Walks up a Merkle path: at each level the index's low bit says whether the node is a right
/// child; inner = H(0x01 || left || right).
fun root_from_path(leaf: vector<u8>, index: u64, path: &vector<vector<u8>>): vector<u8> {
    let mut node = leaf;
    let mut idx = index;
    path.do_ref!(|sibling| {
        let mut bytes = vector[1u8];
        if (idx % 2 == 0) {
            bytes.append(node);
            bytes.append(*sibling);
        } else {
            bytes.append(*sibling);
            bytes.append(node);
        };
        node = hash::blake2b256(&bytes);
        idx = idx / 2;
    });
    node
}

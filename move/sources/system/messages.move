// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

/// Signed message formats (PROTOCOL.md section 4, move/DESIGN.md): the intent header
/// `intent_type u8 || intent_version u8 (0) || app_id u8 (3) || epoch u32` and the bodies the
/// chain reads. Bodies are BCS; blob IDs and roots are u256 (32 little-endian bytes).
module floe::messages;

use sui::bcs::{Self, BCS};

// === Errors ===

/// The header's intent type is not the one expected here.
#[error(code = 0)]
const EWrongIntent: vector<u8> = b"Unexpected intent type";
/// The header's intent version or app id is not Floe's.
#[error(code = 1)]
const EWrongIntentVersion: vector<u8> = b"Unexpected intent version or app id";
/// The header's epoch is not the expected epoch.
#[error(code = 2)]
const EWrongEpoch: vector<u8> = b"The message is for another epoch";
/// The body has bytes left over after its last field.
#[error(code = 3)]
const ETrailingBytes: vector<u8> = b"Trailing bytes after the message body";
/// The persistence tag is neither 0 (permanent) nor 1 (deletable).
#[error(code = 4)]
const EInvalidPersistence: vector<u8> = b"Unknown blob persistence tag";
/// The axis of a signed symbol is neither 0 (primary) nor 1 (secondary).
#[error(code = 5)]
const EInvalidAxis: vector<u8> = b"Unknown sliver axis";

// === Constants ===

const INTENT_VERSION: u8 = 0;
const APP_ID: u8 = 3;

const PROOF_OF_POSSESSION: u8 = 0;
const BLOB_CERTIFICATE: u8 = 1;
const INVALID_BLOB_ID: u8 = 2;
const CHALLENGE_ATTESTATION: u8 = 4;
const SIGNED_SYMBOL: u8 = 5;

// === Structs ===

/// A blob certificate body: the blob and how it persists (the object id only when deletable).
public struct BlobCertificateMessage has copy, drop {
    blob_id: u256,
    deletable: bool,
    object_id: Option<ID>,
}

/// A challenge attestation body: "node_id passed (verdict 1) / failed (0) round".
public struct ChallengeAttestation has copy, drop {
    epoch: u32,
    round: u64,
    node_id: ID,
    verdict: u8,
}

/// A signed symbol with its two Merkle paths (challenge answers, shard transfers).
public struct SignedSymbol has copy, drop {
    epoch: u32,
    blob_id: u256,
    encoding_type: u8,
    size: u64,
    root_hash: u256,
    pair_index: u16,
    axis: u8,
    symbol_index: u16,
    symbol: vector<u8>,
    sliver_path: vector<vector<u8>>,
    other_hash: vector<u8>,
    pair_path: vector<vector<u8>>,
    context: u64,
}

// === Public functions ===

/// The header of a message of `intent` for `epoch`.
public fun header(intent: u8, epoch: u32): vector<u8> {
    let mut out = vector[intent, INTENT_VERSION, APP_ID];
    out.append(bcs::to_bytes(&epoch));
    out
}

/// The proof-of-possession message: header (intent 0) || sender || public key (BCS vector).
public fun proof_of_possession_message(
    epoch: u32,
    sender: address,
    public_key: vector<u8>,
): vector<u8> {
    let mut out = header(PROOF_OF_POSSESSION, epoch);
    out.append(bcs::to_bytes(&sender));
    out.append(bcs::to_bytes(&public_key));
    out
}

// === Package functions ===

/// Parses a blob certificate (intent 1) for `epoch`.
public(package) fun parse_blob_certificate(
    message: vector<u8>,
    epoch: u32,
): BlobCertificateMessage {
    let mut reader = open(message, BLOB_CERTIFICATE);
    assert!(reader.peel_u32() == epoch, EWrongEpoch);
    let blob_id = reader.peel_u256();
    let tag = reader.peel_u8();
    assert!(tag <= 1, EInvalidPersistence);
    let object_id = if (tag == 1) option::some(object::id_from_address(reader.peel_address()))
    else option::none();
    close(reader);
    BlobCertificateMessage { blob_id, deletable: tag == 1, object_id }
}

/// Parses an invalid-blob-id message (intent 2) for `epoch`; returns the blob id.
public(package) fun parse_invalid_blob_id(message: vector<u8>, epoch: u32): u256 {
    let mut reader = open(message, INVALID_BLOB_ID);
    assert!(reader.peel_u32() == epoch, EWrongEpoch);
    let blob_id = reader.peel_u256();
    close(reader);
    blob_id
}

/// Parses a challenge attestation (intent 4) of any epoch.
public(package) fun parse_challenge_attestation(message: vector<u8>): ChallengeAttestation {
    let mut reader = open(message, CHALLENGE_ATTESTATION);
    let epoch = reader.peel_u32();
    let round = reader.peel_u64();
    let node_id = object::id_from_address(reader.peel_address());
    let verdict = reader.peel_u8();
    close(reader);
    ChallengeAttestation { epoch, round, node_id, verdict }
}

/// Parses a signed symbol (intent 5) of any epoch.
public(package) fun parse_signed_symbol(message: vector<u8>): SignedSymbol {
    let mut reader = open(message, SIGNED_SYMBOL);
    let epoch = reader.peel_u32();
    let blob_id = reader.peel_u256();
    let encoding_type = reader.peel_u8();
    let size = reader.peel_u64();
    let root_hash = reader.peel_u256();
    let pair_index = reader.peel_u16();
    let axis = reader.peel_u8();
    assert!(axis <= 1, EInvalidAxis);
    let symbol_index = reader.peel_u16();
    let symbol = reader.peel_vec_u8();
    let sliver_path = reader.peel_vec_vec_u8();
    let other_hash = reader.peel_vec_u8();
    let pair_path = reader.peel_vec_vec_u8();
    let context = reader.peel_u64();
    close(reader);
    SignedSymbol {
        epoch,
        blob_id,
        encoding_type,
        size,
        root_hash,
        pair_index,
        axis,
        symbol_index,
        symbol,
        sliver_path,
        other_hash,
        pair_path,
        context,
    }
}

// === Accessors ===

public fun blob_id(self: &BlobCertificateMessage): u256 { self.blob_id }

public fun deletable(self: &BlobCertificateMessage): bool { self.deletable }

public fun object_id(self: &BlobCertificateMessage): Option<ID> { self.object_id }

public fun attestation_epoch(self: &ChallengeAttestation): u32 { self.epoch }

public fun attestation_round(self: &ChallengeAttestation): u64 { self.round }

public fun attestation_node_id(self: &ChallengeAttestation): ID { self.node_id }

public fun attestation_verdict(self: &ChallengeAttestation): u8 { self.verdict }

public fun symbol_epoch(self: &SignedSymbol): u32 { self.epoch }

public fun symbol_blob_id(self: &SignedSymbol): u256 { self.blob_id }

public fun symbol_encoding_type(self: &SignedSymbol): u8 { self.encoding_type }

public fun symbol_size(self: &SignedSymbol): u64 { self.size }

public fun symbol_root_hash(self: &SignedSymbol): u256 { self.root_hash }

public fun symbol_pair_index(self: &SignedSymbol): u16 { self.pair_index }

public fun symbol_axis(self: &SignedSymbol): u8 { self.axis }

public fun symbol_index(self: &SignedSymbol): u16 { self.symbol_index }

public fun symbol_data(self: &SignedSymbol): &vector<u8> { &self.symbol }

public fun symbol_sliver_path(self: &SignedSymbol): &vector<vector<u8>> { &self.sliver_path }

public fun symbol_other_hash(self: &SignedSymbol): &vector<u8> { &self.other_hash }

public fun symbol_pair_path(self: &SignedSymbol): &vector<vector<u8>> { &self.pair_path }

public fun symbol_context(self: &SignedSymbol): u64 { self.context }

// === Private ===

/// Checks intent, version and app id and returns a reader positioned at the epoch.
fun open(message: vector<u8>, intent: u8): BCS {
    let mut reader = bcs::new(message);
    assert!(reader.peel_u8() == intent, EWrongIntent);
    assert!(reader.peel_u8() == INTENT_VERSION, EWrongIntentVersion);
    assert!(reader.peel_u8() == APP_ID, EWrongIntentVersion);
    reader
}

fun close(reader: BCS) {
    assert!(reader.into_remainder_bytes().is_empty(), ETrailingBytes);
}

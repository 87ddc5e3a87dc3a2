// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

/// Verification of aggregated BLS12-381 (min_pk) certificates against a committee: signers
/// bitmap (bit j of byte i, LSB first, marks member 8i+j), aggregate key = stored sum of all
/// member keys minus the non-signers' keys, weight = n minus the non-signers' shards.
module floe::bls_aggregate;

use floe::committee::Committee;
use sui::{bls12381::{Self, G1, UncompressedG1}, group_ops::{Self, Element}};

// === Errors ===

/// A public key is not 48 bytes.
#[error(code = 0)]
const EInvalidPublicKey: vector<u8> = b"A BLS public key must be 48 bytes";
/// The bitmap is longer than the committee or has bits set past its last member.
#[error(code = 1)]
const EInvalidBitmap: vector<u8> = b"Invalid signers bitmap";
/// The signers' weight is below the required threshold.
#[error(code = 2)]
const ENotEnoughWeight: vector<u8> = b"Signers' weight below the threshold";
/// The aggregate signature does not verify.
#[error(code = 3)]
const EInvalidSignature: vector<u8> = b"Invalid aggregate signature";
/// The keys were made for a different committee.
#[error(code = 4)]
const EKeysMismatch: vector<u8> = b"Committee keys do not match the committee";

// === Constants ===

const PUBLIC_KEY_LENGTH: u64 = 48;

// === Structs ===

/// Member keys in committee order (uncompressed, for cheap sums) and their stored sum.
public struct CommitteeKeys has copy, drop, store {
    keys: vector<Element<UncompressedG1>>,
    total: Element<G1>,
}

// === Package functions ===

/// Keys of a committee, in its member order. Aborts `EInvalidPublicKey` on a wrong length (and
/// the framework aborts on a point that is not in G1).
public(package) fun new_keys(public_keys: &vector<vector<u8>>): CommitteeKeys {
    let keys = public_keys.map_ref!(|pk| {
        assert!(pk.length() == PUBLIC_KEY_LENGTH, EInvalidPublicKey);
        bls12381::g1_to_uncompressed_g1(&bls12381::g1_from_bytes(pk))
    });
    let total = if (keys.is_empty()) bls12381::g1_identity()
    else bls12381::uncompressed_g1_to_g1(&bls12381::uncompressed_g1_sum(&keys));
    CommitteeKeys { keys, total }
}

/// Verifies a certificate and returns the signers' weight, which must reach quorum.
public(package) fun verify_quorum(
    keys: &CommitteeKeys,
    committee: &Committee,
    signature: &vector<u8>,
    signers_bitmap: &vector<u8>,
    message: &vector<u8>,
): u16 {
    let weight = verify_weight(keys, committee, signature, signers_bitmap, message);
    assert!(committee.is_quorum(weight), ENotEnoughWeight);
    weight
}

/// Verifies a certificate and returns the signers' weight, which must reach validity (f+1).
public(package) fun verify_validity(
    keys: &CommitteeKeys,
    committee: &Committee,
    signature: &vector<u8>,
    signers_bitmap: &vector<u8>,
    message: &vector<u8>,
): u16 {
    let weight = verify_weight(keys, committee, signature, signers_bitmap, message);
    assert!(committee.is_validity(weight), ENotEnoughWeight);
    weight
}

/// Whether member `index` is marked in `signers_bitmap`.
public(package) fun is_signer(signers_bitmap: &vector<u8>, index: u64): bool {
    let byte = index / 8;
    byte < signers_bitmap.length() && ((signers_bitmap[byte] >> ((index % 8) as u8)) & 1) == 1
}

// === Accessors ===

public fun size(self: &CommitteeKeys): u64 { self.keys.length() }

// === Private ===

/// Checks the bitmap, the weight (at least one signer) and the signature; returns the weight.
fun verify_weight(
    keys: &CommitteeKeys,
    committee: &Committee,
    signature: &vector<u8>,
    signers_bitmap: &vector<u8>,
    message: &vector<u8>,
): u16 {
    let members = committee.size();
    assert!(members > 0, ENotEnoughWeight);
    assert!(keys.keys.length() == members, EKeysMismatch);
    assert!(signers_bitmap.length() <= (members + 7) / 8, EInvalidBitmap);
    // No bit past the last member.
    let mut bit = members;
    while (bit < signers_bitmap.length() * 8) {
        assert!(!is_signer(signers_bitmap, bit), EInvalidBitmap);
        bit = bit + 1;
    };
    let mut missing_weight: u64 = 0;
    let mut missing_keys = vector[];
    members.do!(|i| {
        if (!is_signer(signers_bitmap, i)) {
            missing_weight = missing_weight + (committee.weight_at(i) as u64);
            missing_keys.push_back(keys.keys[i]);
        }
    });
    let weight = ((committee.n_shards() as u64) - missing_weight) as u16;
    assert!(weight > 0, ENotEnoughWeight);
    let aggregate = if (missing_keys.is_empty()) keys.total
    else {
        let missing = bls12381::uncompressed_g1_to_g1(
            &bls12381::uncompressed_g1_sum(&missing_keys),
        );
        bls12381::g1_sub(&keys.total, &missing)
    };
    assert!(
        bls12381::bls12381_min_pk_verify(signature, group_ops::bytes(&aggregate), message),
        EInvalidSignature,
    );
    weight
}

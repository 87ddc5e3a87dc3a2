// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

/// Storage-node registration. A node proves possession of its BLS key (intent 0 over the sender
/// and the key, for the current epoch), gets a staking pool whose ID is its node ID, and a
/// `StorageNodeCap` that authorizes its reports.
module floe::storage_node;

use floe::{events, messages, node_info, pool, system::System};
use std::string::String;
use sui::bls12381;

// === Errors ===

/// The public key is not 48 bytes.
#[error(code = 0)]
const EInvalidPublicKey: vector<u8> = b"A BLS public key must be 48 bytes";
/// The proof of possession does not verify.
#[error(code = 1)]
const EInvalidProofOfPossession: vector<u8> = b"Invalid proof of possession";
/// The commission exceeds `max_commission_bps`.
#[error(code = 2)]
const ECommissionTooHigh: vector<u8> = b"Commission above the maximum";

// === Structs ===

public struct StorageNodeCap has key, store {
    id: UID,
    node_id: ID,
    last_epoch_sync_done: u32,
}

// === Public functions ===

/// Registers a storage node and returns its capability. Aborts `EInvalidPublicKey`,
/// `EInvalidProofOfPossession` or `ECommissionTooHigh`.
public fun register_node(
    system: &mut System,
    name: String,
    network_address: String,
    public_key: vector<u8>,
    proof_of_possession: vector<u8>,
    capacity: u64,
    commission_bps: u16,
    ctx: &mut TxContext,
): StorageNodeCap {
    let node_id = object::id_from_address(ctx.fresh_object_address());
    register_with_id(
        system,
        node_id,
        name,
        network_address,
        public_key,
        proof_of_possession,
        capacity,
        commission_bps,
        ctx,
    )
}

// === Package functions ===

/// Registration with a given node ID (tests use fixed IDs so that signatures can be made off
/// chain in advance).
public(package) fun register_with_id(
    system: &mut System,
    node_id: ID,
    name: String,
    network_address: String,
    public_key: vector<u8>,
    proof_of_possession: vector<u8>,
    capacity: u64,
    commission_bps: u16,
    ctx: &mut TxContext,
): StorageNodeCap {
    let state = system.inner_mut();
    assert!(commission_bps <= state.params().max_commission_bps(), ECommissionTooHigh);
    assert!(public_key.length() == 48, EInvalidPublicKey);
    let message = messages::proof_of_possession_message(state.epoch(), ctx.sender(), public_key);
    assert!(
        bls12381::bls12381_min_pk_verify(&proof_of_possession, &public_key, &message),
        EInvalidProofOfPossession,
    );
    let info = node_info::new(name, network_address, public_key, capacity);
    state.add_pool(pool::new(node_id, info, commission_bps, ctx));
    events::emit_node_registered(
        node_id,
        name,
        network_address,
        public_key,
        capacity,
        commission_bps,
    );
    StorageNodeCap { id: object::new(ctx), node_id, last_epoch_sync_done: 0 }
}

public(package) fun set_last_epoch_sync_done(self: &mut StorageNodeCap, epoch: u32) {
    self.last_epoch_sync_done = epoch;
}

// === Accessors ===

public fun node_id(self: &StorageNodeCap): ID { self.node_id }

public fun last_epoch_sync_done(self: &StorageNodeCap): u32 { self.last_epoch_sync_done }

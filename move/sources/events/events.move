// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

/// Every event of the package, past tense, with one emit helper each. The TypeScript watcher and
/// the embedded chain match these exact type names and field orders (move/DESIGN.md).
module floe::events;

use std::string::String;
use sui::event;

// === Events ===

public struct NodeRegistered has copy, drop {
    node_id: ID,
    name: String,
    network_address: String,
    public_key: vector<u8>,
    capacity: u64,
    commission_bps: u16,
}

public struct StakeAdded has copy, drop {
    staked_id: ID,
    node_id: ID,
    amount: u64,
    activation_epoch: u32,
}

public struct WithdrawRequested has copy, drop {
    staked_id: ID,
    node_id: ID,
    withdraw_epoch: u32,
}

public struct StakeWithdrawn has copy, drop {
    staked_id: ID,
    node_id: ID,
    amount: u64,
}

public struct EpochChangeStart has copy, drop {
    epoch: u32,
}

public struct CommitteeSelected has copy, drop {
    epoch: u32,
    members: vector<ID>,
    shards: vector<vector<u16>>,
    rotated: u64,
}

public struct ShardsReceived has copy, drop {
    epoch: u32,
    node_id: ID,
    weight: u16,
}

public struct EpochChangeDone has copy, drop {
    epoch: u32,
}

public struct StorageReserved has copy, drop {
    storage_id: ID,
    start_epoch: u32,
    end_epoch: u32,
    storage_size: u64,
}

public struct BlobRegistered has copy, drop {
    epoch: u32,
    blob_id: u256,
    size: u64,
    encoding_type: u8,
    end_epoch: u32,
    deletable: bool,
    object_id: ID,
}

public struct BlobCertified has copy, drop {
    epoch: u32,
    blob_id: u256,
    end_epoch: u32,
    deletable: bool,
    object_id: ID,
    is_extension: bool,
}

public struct BlobDeleted has copy, drop {
    epoch: u32,
    blob_id: u256,
    end_epoch: u32,
    object_id: ID,
    was_certified: bool,
}

public struct InvalidBlobID has copy, drop {
    epoch: u32,
    blob_id: u256,
}

public struct ChallengeRoundOpened has copy, drop {
    epoch: u32,
    round: u64,
    seed: vector<u8>,
}

public struct ChallengeCertified has copy, drop {
    epoch: u32,
    round: u64,
    node_id: ID,
    weight: u16,
    late: bool,
}

public struct ChallengeRoundClosed has copy, drop {
    epoch: u32,
    round: u64,
    certified_weight: u16,
}

public struct NodeAbsent has copy, drop {
    epoch: u32,
    round: u64,
    node_id: ID,
    absences: u8,
}

public struct RewardsPaid has copy, drop {
    epoch: u32,
    node_id: ID,
    amount: u64,
}

public struct NodeSlashed has copy, drop {
    epoch: u32,
    node_id: ID,
    amount: u64,
    reason: u8,
    reporter: address,
}

public struct ParamsUpdated has copy, drop {
    epoch: u32,
}

// === Package functions ===

public(package) fun emit_node_registered(
    node_id: ID,
    name: String,
    network_address: String,
    public_key: vector<u8>,
    capacity: u64,
    commission_bps: u16,
) {
    event::emit(NodeRegistered {
        node_id,
        name,
        network_address,
        public_key,
        capacity,
        commission_bps,
    });
}

public(package) fun emit_stake_added(
    staked_id: ID,
    node_id: ID,
    amount: u64,
    activation_epoch: u32,
) {
    event::emit(StakeAdded { staked_id, node_id, amount, activation_epoch });
}

public(package) fun emit_withdraw_requested(staked_id: ID, node_id: ID, withdraw_epoch: u32) {
    event::emit(WithdrawRequested { staked_id, node_id, withdraw_epoch });
}

public(package) fun emit_stake_withdrawn(staked_id: ID, node_id: ID, amount: u64) {
    event::emit(StakeWithdrawn { staked_id, node_id, amount });
}

public(package) fun emit_epoch_change_start(epoch: u32) {
    event::emit(EpochChangeStart { epoch });
}

public(package) fun emit_committee_selected(
    epoch: u32,
    members: vector<ID>,
    shards: vector<vector<u16>>,
    rotated: u64,
) {
    event::emit(CommitteeSelected { epoch, members, shards, rotated });
}

public(package) fun emit_shards_received(epoch: u32, node_id: ID, weight: u16) {
    event::emit(ShardsReceived { epoch, node_id, weight });
}

public(package) fun emit_epoch_change_done(epoch: u32) {
    event::emit(EpochChangeDone { epoch });
}

public(package) fun emit_storage_reserved(
    storage_id: ID,
    start_epoch: u32,
    end_epoch: u32,
    storage_size: u64,
) {
    event::emit(StorageReserved { storage_id, start_epoch, end_epoch, storage_size });
}

public(package) fun emit_blob_registered(
    epoch: u32,
    blob_id: u256,
    size: u64,
    encoding_type: u8,
    end_epoch: u32,
    deletable: bool,
    object_id: ID,
) {
    event::emit(BlobRegistered {
        epoch,
        blob_id,
        size,
        encoding_type,
        end_epoch,
        deletable,
        object_id,
    });
}

public(package) fun emit_blob_certified(
    epoch: u32,
    blob_id: u256,
    end_epoch: u32,
    deletable: bool,
    object_id: ID,
    is_extension: bool,
) {
    event::emit(BlobCertified { epoch, blob_id, end_epoch, deletable, object_id, is_extension });
}

public(package) fun emit_blob_deleted(
    epoch: u32,
    blob_id: u256,
    end_epoch: u32,
    object_id: ID,
    was_certified: bool,
) {
    event::emit(BlobDeleted { epoch, blob_id, end_epoch, object_id, was_certified });
}

public(package) fun emit_invalid_blob_id(epoch: u32, blob_id: u256) {
    event::emit(InvalidBlobID { epoch, blob_id });
}

public(package) fun emit_challenge_round_opened(epoch: u32, round: u64, seed: vector<u8>) {
    event::emit(ChallengeRoundOpened { epoch, round, seed });
}

public(package) fun emit_challenge_certified(
    epoch: u32,
    round: u64,
    node_id: ID,
    weight: u16,
    late: bool,
) {
    event::emit(ChallengeCertified { epoch, round, node_id, weight, late });
}

public(package) fun emit_challenge_round_closed(epoch: u32, round: u64, certified_weight: u16) {
    event::emit(ChallengeRoundClosed { epoch, round, certified_weight });
}

public(package) fun emit_node_absent(epoch: u32, round: u64, node_id: ID, absences: u8) {
    event::emit(NodeAbsent { epoch, round, node_id, absences });
}

public(package) fun emit_rewards_paid(epoch: u32, node_id: ID, amount: u64) {
    event::emit(RewardsPaid { epoch, node_id, amount });
}

public(package) fun emit_node_slashed(
    epoch: u32,
    node_id: ID,
    amount: u64,
    reason: u8,
    reporter: address,
) {
    event::emit(NodeSlashed { epoch, node_id, amount, reason, reporter });
}

public(package) fun emit_params_updated(epoch: u32) {
    event::emit(ParamsUpdated { epoch });
}

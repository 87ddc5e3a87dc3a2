// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

/// Governed parameters of the system. Changed only through `system::set_params` with the
/// `AdminCap`; `n_shards` and `max_epochs_ahead` are fixed when the system is created.
module floe::params;

// === Errors ===

/// A parameter is out of its allowed range.
#[error(code = 0)]
const EInvalidParam: vector<u8> = b"A parameter is out of its allowed range";

// === Constants ===

const MAX_BPS: u16 = 10_000;

// === Structs ===

public struct SystemParams has copy, drop, store {
    n_shards: u16,
    epoch_duration_ms: u64,
    max_committee_size: u16,
    min_stake: u64,
    max_shards_per_node: u16,
    rotation_bps: u16,
    storage_price_per_unit: u64,
    write_price_per_unit: u64,
    unit_size: u64,
    max_epochs_ahead: u32,
    max_commission_bps: u16,
    reporter_reward_bps: u16,
    slash_bps: u16,
    absence_slash_bps: u16,
    max_absences: u8,
    challenge_interval_ms: u64,
}

// === Public functions ===

/// Checks and bundles the parameters. Aborts `EInvalidParam` when `n_shards < 4`, a duration,
/// size or count is zero, or a basis-point value exceeds 10000.
public fun new(
    n_shards: u16,
    epoch_duration_ms: u64,
    max_committee_size: u16,
    min_stake: u64,
    max_shards_per_node: u16,
    rotation_bps: u16,
    storage_price_per_unit: u64,
    write_price_per_unit: u64,
    unit_size: u64,
    max_epochs_ahead: u32,
    max_commission_bps: u16,
    reporter_reward_bps: u16,
    slash_bps: u16,
    absence_slash_bps: u16,
    max_absences: u8,
    challenge_interval_ms: u64,
): SystemParams {
    assert!(n_shards >= 4, EInvalidParam);
    assert!(epoch_duration_ms > 0 && challenge_interval_ms > 0, EInvalidParam);
    assert!(max_committee_size > 0 && max_shards_per_node > 0, EInvalidParam);
    assert!(unit_size > 0 && max_epochs_ahead > 0 && max_absences > 0, EInvalidParam);
    assert!(rotation_bps <= MAX_BPS && max_commission_bps <= MAX_BPS, EInvalidParam);
    assert!(reporter_reward_bps <= MAX_BPS && slash_bps <= MAX_BPS, EInvalidParam);
    assert!(absence_slash_bps <= MAX_BPS, EInvalidParam);
    SystemParams {
        n_shards,
        epoch_duration_ms,
        max_committee_size,
        min_stake,
        max_shards_per_node,
        rotation_bps,
        storage_price_per_unit,
        write_price_per_unit,
        unit_size,
        max_epochs_ahead,
        max_commission_bps,
        reporter_reward_bps,
        slash_bps,
        absence_slash_bps,
        max_absences,
        challenge_interval_ms,
    }
}

// === Accessors ===

public fun n_shards(self: &SystemParams): u16 { self.n_shards }

public fun epoch_duration_ms(self: &SystemParams): u64 { self.epoch_duration_ms }

public fun max_committee_size(self: &SystemParams): u16 { self.max_committee_size }

public fun min_stake(self: &SystemParams): u64 { self.min_stake }

public fun max_shards_per_node(self: &SystemParams): u16 { self.max_shards_per_node }

public fun rotation_bps(self: &SystemParams): u16 { self.rotation_bps }

public fun storage_price_per_unit(self: &SystemParams): u64 { self.storage_price_per_unit }

public fun write_price_per_unit(self: &SystemParams): u64 { self.write_price_per_unit }

public fun unit_size(self: &SystemParams): u64 { self.unit_size }

public fun max_epochs_ahead(self: &SystemParams): u32 { self.max_epochs_ahead }

public fun max_commission_bps(self: &SystemParams): u16 { self.max_commission_bps }

public fun reporter_reward_bps(self: &SystemParams): u16 { self.reporter_reward_bps }

public fun slash_bps(self: &SystemParams): u16 { self.slash_bps }

public fun absence_slash_bps(self: &SystemParams): u16 { self.absence_slash_bps }

public fun max_absences(self: &SystemParams): u8 { self.max_absences }

public fun challenge_interval_ms(self: &SystemParams): u64 { self.challenge_interval_ms }

/// Number of storage units of `size` bytes: ceil(size / unit_size).
public fun units(self: &SystemParams, size: u64): u64 {
    (size + self.unit_size - 1) / self.unit_size
}

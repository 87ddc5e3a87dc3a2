// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

/// Accounting of future epochs: for each of the next `max_epochs_ahead` epochs (the current one
/// first) the storage already sold and the rewards booked for it. Advancing an epoch drops the
/// finished entry and opens a fresh one at the far end.
module floe::accounting;

// === Errors ===

/// The range reaches beyond the accounted window.
#[error(code = 0)]
const ETooFarAhead: vector<u8> = b"The epoch range reaches beyond max_epochs_ahead";
/// Selling the space would exceed the committee's capacity in some epoch.
#[error(code = 1)]
const ENotEnoughCapacity: vector<u8> = b"Not enough storage capacity left";

// === Structs ===

public struct FutureAccounting has store {
    /// Epoch of entry 0.
    first_epoch: u32,
    /// Bytes sold per epoch, entry i for epoch `first_epoch + i`.
    used: vector<u64>,
    /// Rewards (MIST) booked per epoch.
    rewards: vector<u64>,
}

// === Package functions ===

public(package) fun new(first_epoch: u32, length: u32): FutureAccounting {
    FutureAccounting {
        first_epoch,
        used: vector::tabulate!(length as u64, |_| 0),
        rewards: vector::tabulate!(length as u64, |_| 0),
    }
}

/// Books `size` bytes for epochs [start, end) against `capacity`, and spreads nothing: rewards
/// are booked separately with `add_rewards`.
public(package) fun reserve(
    self: &mut FutureAccounting,
    start: u32,
    end: u32,
    size: u64,
    capacity: u64,
) {
    let (from, to) = self.window(start, end);
    let mut i = from;
    while (i < to) {
        let used = &mut self.used[i];
        assert!(*used + size <= capacity, ENotEnoughCapacity);
        *used = *used + size;
        i = i + 1;
    };
}

/// Adds `per_epoch` rewards to each epoch in [start, end).
public(package) fun add_rewards(self: &mut FutureAccounting, start: u32, end: u32, per_epoch: u64) {
    let (from, to) = self.window(start, end);
    let mut i = from;
    while (i < to) {
        let r = &mut self.rewards[i];
        *r = *r + per_epoch;
        i = i + 1;
    };
}

/// Closes entry 0 (the finished epoch) and returns its rewards; a zero entry is appended.
public(package) fun advance(self: &mut FutureAccounting): u64 {
    self.used.remove(0);
    self.used.push_back(0);
    let rewards = self.rewards.remove(0);
    self.rewards.push_back(0);
    self.first_epoch = self.first_epoch + 1;
    rewards
}

// === Accessors ===

public fun first_epoch(self: &FutureAccounting): u32 { self.first_epoch }

public fun length(self: &FutureAccounting): u32 { self.used.length() as u32 }

/// Bytes sold for `epoch` (0 outside the window).
public fun used_at(self: &FutureAccounting, epoch: u32): u64 {
    if (epoch < self.first_epoch || epoch - self.first_epoch >= self.length()) return 0;
    self.used[(epoch - self.first_epoch) as u64]
}

/// Rewards booked for `epoch` (0 outside the window).
public fun rewards_at(self: &FutureAccounting, epoch: u32): u64 {
    if (epoch < self.first_epoch || epoch - self.first_epoch >= self.length()) return 0;
    self.rewards[(epoch - self.first_epoch) as u64]
}

// === Private ===

fun window(self: &FutureAccounting, start: u32, end: u32): (u64, u64) {
    assert!(start >= self.first_epoch && start <= end, ETooFarAhead);
    assert!(end - self.first_epoch <= self.length(), ETooFarAhead);
    ((start - self.first_epoch) as u64, (end - self.first_epoch) as u64)
}

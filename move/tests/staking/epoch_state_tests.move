// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

#[test_only]
module floe::epoch_state_tests;

use floe::epoch_state;
use std::unit_test::assert_eq;

#[test]
fun syncing_accumulates_weight_and_done_ignores_it() {
    let mut state = epoch_state::syncing();
    assert!(!state.is_done());
    assert_eq!(state.add_weight(3), 3);
    assert_eq!(state.add_weight(4), 7);
    assert_eq!(state.reported_weight(), 7);
    let mut done = epoch_state::done();
    assert!(done.is_done());
    assert_eq!(done.add_weight(5), 0);
    assert_eq!(done.reported_weight(), 0);
}

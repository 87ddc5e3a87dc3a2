// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

#[test_only]
module floe::node_info_tests;

use floe::node_info;
use std::unit_test::assert_eq;

#[test]
fun keeps_what_the_node_declared() {
    let info = node_info::new(b"alpha".to_string(), b"10.0.0.1:9100".to_string(), x"aa", 5);
    assert_eq!(info.name(), b"alpha".to_string());
    assert_eq!(info.network_address(), b"10.0.0.1:9100".to_string());
    assert_eq!(info.public_key(), x"aa");
    assert_eq!(info.capacity(), 5);
}

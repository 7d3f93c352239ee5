// The root README's usage example is compiled as this crate's doctest by `cargo test --workspace`.
#![doc = include_str!("../../README.md")]
//! This crate (`rocketchat-client-tests`) holds the harness that replays `tests/recordings/`
//! against the generated client: see `tests/README.md`.

pub mod calls;
pub mod diff;
pub mod examples;
pub mod harness;
pub mod outcome;
pub mod record;
pub mod recording;
pub mod replay;

use std::path::{Path, PathBuf};

/// The client the calls harness (`calls.rs`) runs on.
use rocketchat_client as client;

/// The token every replayed call sends as `X-Auth-Token`; a recorded header value of
/// [`REDACTED`] stands for it. It must never appear in output or in written files.
pub const TEST_TOKEN: &str = "harness-token-9cQ2vLr7XkT4mWb8NzJ5hPd3";

/// What a secret is replaced with in recordings and messages.
pub const REDACTED: &str = "<redacted>";

/// `tests/recordings/`.
pub fn recordings_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("recordings")
}

//! Every call the client's docs show (one per operation, in each method's docs and on
//! the front page), compiled: `calls.rs` is generated with the client
//! (`cargo run -p generator`, `generator::emit::doc_calls_test`), one function per
//! operation whose body is the documented call, and a test that each call is, word for
//! word, in the client's sources. A call that no longer compiles fails the build of
//! this test.

// Generated and formatted by the generator (prettyplease), not rustfmt.
#[rustfmt::skip]
mod calls;

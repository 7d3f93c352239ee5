//! Unit tests of the runtime modules, one file per module tested.

mod encode;
mod http;
mod response;
mod retry;
mod server;

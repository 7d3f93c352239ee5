//! Unit tests of the runtime modules, one file per module tested.

mod http;
mod params;
mod response;
mod retry;
mod server;

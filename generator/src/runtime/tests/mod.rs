//! Unit tests of the runtime modules, one file per module tested.

mod encode;
mod http;
mod lenient;
mod params;
mod redact;
mod response;
mod retry;
mod server;

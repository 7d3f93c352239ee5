//! Unit tests of the runtime modules, one file per module tested.

mod credentials;
mod de;
mod http;
mod lenient;
mod multipart;
mod pager;
mod params;
mod redact;
mod response;
mod retry;
mod send;
mod ser;
mod server;

//! The tests are in `tests/`; see `README.md`.

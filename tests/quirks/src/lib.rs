//! The quirks fixture: `openapi.yaml` (with `schemes.yaml`, a security scheme in a file
//! of its own), the client generated from it in `client/`, and tests through the
//! feature tests' local server (`feature_tests::Server`) in `tests/`.

//! One test per file in `tests/recordings/`; see `rocketchat_client_tests::harness`.

fn main() {
    rocketchat_client_tests::harness::main();
}

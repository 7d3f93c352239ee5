#!/usr/bin/env bash
# Decoding benchmark (issue 24): the client's one-pass decoder against serde's derive.
# Generates a build of the client whose structs derive `Deserialize`
# (`--derive-deserialize`, into target/decode-bench/derive-client), then runs
# tests/decode-bench: criterion over every published response example (MB/s), and the
# peak memory of decoding a list response of MB megabytes (default 50).
#
#   scripts/decode-bench.sh                 # both
#   MB=100 scripts/decode-bench.sh peak     # the peak alone
#   scripts/decode-bench.sh bench -- --quick
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  sed -n 2,10p "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi
what="${1:-both}"
[ $# -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift
cargo build -q --release -p generator
args=()
for s in specs/*.yaml specs/*.json; do
  case "$s" in *.overlay.yaml) args+=(--overlay "$s") ;; *) args+=(--spec "$s") ;; esac
done
target/release/openapi-client-gen --quiet "${args[@]}" --out target/decode-bench/derive-client \
  --crate-name rocketchat-client-derive --derive-deserialize
# Absolute: criterion resolves it from the bench's own directory (tests/decode-bench).
export CARGO_TARGET_DIR="$PWD/target/decode-bench/target"
manifest=tests/decode-bench/Cargo.toml
if [ "$what" = both ] || [ "$what" = bench ]; then
  cargo bench -q --manifest-path "$manifest" --bench decode -- "$@"
fi
if [ "$what" = both ] || [ "$what" = peak ]; then
  # The bench profile: the clients built for the benchmark serve here too.
  cargo run -q --profile bench --manifest-path "$manifest" --bin peak -- "${MB:-50}"
fi

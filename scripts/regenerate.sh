#!/usr/bin/env bash
# Regenerates every checked-in generated crate (the client and the test fixtures' clients)
# and the generator's snapshots. Review `git diff` afterwards: snapshots are accepted as made.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  sed -n 2,3p "$0" | sed 's/^# //'
  exit 0
fi
cargo build -q -p generator
gen=target/debug/openapi-client-gen
"$gen" --quiet
"$gen" --quiet --spec tests/styles/openapi.yaml --out tests/styles/client --crate-name style-table-client
for fixture in tests/*/openapi.yaml; do
  dir="$(dirname "$fixture")"
  [ "$dir" = tests/styles ] && continue
  name="$(sed -n 's/^name = "\(.*\)"/\1/p' "$dir/client/Cargo.toml" | head -1)"
  "$gen" --quiet --spec "$fixture" --out "$dir/client" --crate-name "$name"
done
# Several documents in one client: server paths, untyped bodies (tests/wire/README.md).
"$gen" --quiet --spec tests/wire/specs/v3.yaml --spec tests/wire/specs/v1.yaml --spec tests/wire/specs/media.json \
  --out tests/wire/client --crate-name wire-fixture-client
INSTA_UPDATE=always cargo test -q -p generator --test snapshots --test swagger2 >/dev/null

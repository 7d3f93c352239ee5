#!/usr/bin/env bash
# Clippy (`-D warnings`) of a generated client with no area, with each area feature alone,
# and with all of them (the default features), and with no area and every combination of
# the features the generated code tests with `cfg` (`cookies`, `tracing`, `middleware`,
# `mock`), then every feature with every area (the compression features add reqwest
# features only): every feature combination CI checks compiles warning-free.
# Usage: scripts/check-features.sh [PACKAGE]   (default: rocketchat-client)
# Prints how long the whole run took. A TLS feature (rustls-tls) stays on throughout, so
# dependencies are built once.
set -euo pipefail
cd "$(dirname "$0")/.."
package="${1:-rocketchat-client}"
manifest="$(cargo metadata --format-version 1 --no-deps \
  | python3 -c "import json,sys; print(next(p['manifest_path'] for p in json.load(sys.stdin)['packages'] if p['name']=='$package'))")"
# The areas: what the `full` feature turns on.
mapfile -t areas < <(python3 - "$manifest" <<'PY'
import sys, tomllib
features = tomllib.load(open(sys.argv[1], "rb")).get("features", {})
for name in features.get("full", []):
    print(name)
PY
)
start=$(date +%s)
clippy() { cargo clippy -q -p "$package" "$@" -- -D warnings; }
echo "$package: no area, ${#areas[@]} areas one by one, then all (the default features)"
clippy --no-default-features --features rustls-tls
for area in "${areas[@]}"; do
  clippy --no-default-features --features "rustls-tls,$area" || { echo "feature $area: failed" >&2; exit 1; }
done
clippy
# Every combination of the features the runtime and the operations test with `cfg`
# (the compression features only turn on reqwest's), then all of them with every area.
cfg_features=(cookies tracing middleware mock)
runtime_sets=()
for mask in $(seq 1 $(( (1 << ${#cfg_features[@]}) - 1 ))); do
  set_=()
  for i in "${!cfg_features[@]}"; do (( mask & (1 << i) )) && set_+=("${cfg_features[$i]}"); done
  runtime_sets+=("$(IFS=,; echo "${set_[*]}")")
done
runtime_sets+=("full,gzip,brotli,zstd,cookies,tracing,middleware,mock")
for set in "${runtime_sets[@]}"; do
  clippy --no-default-features --features "rustls-tls,$set" || { echo "features $set: failed" >&2; exit 1; }
done
echo "$package: $(( ${#areas[@]} + 2 + ${#runtime_sets[@]} )) feature sets checked in $(( $(date +%s) - start )) s"

#!/usr/bin/env bash
# Clippy (`-D warnings`) of a generated client with no area, with each area feature alone,
# and with all of them (the default features), and with no area and each combination of
# the runtime's own features (`cookies`, `tracing`, `middleware`, `mock`, and all of them with
# every area; the compression features add reqwest
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
runtime_sets=("cookies" "tracing" "middleware" "mock" "cookies,tracing" "cookies,middleware" "tracing,middleware"
  "cookies,tracing,middleware,mock" "full,gzip,brotli,zstd,cookies,tracing,middleware,mock")
for set in "${runtime_sets[@]}"; do
  clippy --no-default-features --features "rustls-tls,$set" || { echo "features $set: failed" >&2; exit 1; }
done
echo "$package: $(( ${#areas[@]} + 2 + ${#runtime_sets[@]} )) feature sets checked in $(( $(date +%s) - start )) s"

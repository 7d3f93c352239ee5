#!/usr/bin/env bash
# Generates a client crate for every document in ../shared/corpus (each Rocket.Chat
# document on its own and all of them merged into one client; every progenitor and OAI
# sample), puts them in one scratch workspace outside the repo, runs
# `cargo clippy -- -D warnings` on all of them together, and prints a table:
# document, operations, types, warnings, generation ms, compiles.
#
# Usage: scripts/corpus.sh [SCRATCH_DIR]     (default: a new temporary directory)
# Env:   CORPUS=path/to/corpus (default ../shared/corpus), KEEP=1 keeps the scratch dir.
# Exit:  0 when every document generates and every crate compiles warning-free.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
corpus=${CORPUS:-../shared/corpus}
if [ ! -d "$corpus" ]; then
  echo "corpus: skipped: $corpus does not exist"
  exit 0
fi
corpus=$(cd "$corpus" && pwd)
scratch=${1:-$(mktemp -d "${TMPDIR:-/tmp}/corpus.XXXXXX")}
mkdir -p "$scratch/crates"
[ "${KEEP:-0}" = 1 ] || [ -n "${1:-}" ] || trap 'rm -rf "$scratch"' EXIT

cargo build --release -q -p generator
gen="$root/target/release/openapi-client-gen"

rows=()
members=()
failed=0
# generate NAME SPEC...
generate() {
  local name=$1; shift
  local args=()
  for s in "$@"; do args+=(--spec "$s"); done
  local out="$scratch/crates/$name" log="$scratch/$name.log"
  local start end rc=0
  start=$(date +%s%N)
  "$gen" "${args[@]}" --out "$out" --crate-name "corpus-$name" --diagnostics short >"$log" 2>&1 || rc=$?
  end=$(date +%s%N)
  local ms=$(( (end - start) / 1000000 ))
  local warnings ops types
  warnings=$(grep -c ': warning\[' "$log" || true)
  ops=$(sed -n 's/.* \([0-9]*\) operations, \([0-9]*\) types.*/\1/p' "$log" | tail -1)
  types=$(sed -n 's/.* \([0-9]*\) operations, \([0-9]*\) types.*/\2/p' "$log" | tail -1)
  if [ "$rc" -eq 0 ]; then
    members+=("\"crates/$name\"")
    rows+=("$name|${ops:-?}|${types:-?}|$warnings|$ms|PENDING")
  else
    failed=1
    rows+=("$name|-|-|$warnings|$ms|generation failed (exit $rc): $(grep -m1 'error' "$log" | cut -c1-80)")
  fi
}

for f in "$corpus"/rocketchat/*.yaml; do
  generate "rocketchat-$(basename "${f%.*}")" "$f"
done
generate rocketchat-merged "$corpus"/rocketchat/*.yaml
for f in "$corpus"/progenitor/* "$corpus"/oai/*; do
  base=$(basename "$f"); ext=${base##*.}; stem=${base%.*}
  generate "$(echo "$(basename "$(dirname "$f")")-$stem-$ext" | tr '.' '-' | tr 'A-Z' 'a-z')" "$f"
done

{
  echo '[workspace]'
  echo 'resolver = "2"'
  echo "members = [$(IFS=,; echo "${members[*]}")]"
} > "$scratch/Cargo.toml"

export CARGO_TARGET_DIR="$scratch/target"
clippy_log="$scratch/clippy.log"
( cd "$scratch" && cargo clippy --workspace --keep-going --message-format short -- -D warnings ) >"$clippy_log" 2>&1 || true

printf '\n%-44s %6s %6s %8s %8s  %s\n' document operations types warnings gen_ms compiles
for row in "${rows[@]}"; do
  IFS='|' read -r name ops types warnings ms status <<<"$row"
  if [ "$status" = PENDING ]; then
    if grep -q "crates/$name/src/.*: \(error\|warning\)" "$clippy_log" || grep -q "could not compile \`corpus-$name\`" "$clippy_log"; then
      status="no: $(grep -m1 "crates/$name/src/" "$clippy_log" | cut -c1-100)"
      failed=1
    else
      status=yes
    fi
  fi
  printf '%-44s %6s %6s %8s %8s  %s\n' "$name" "$ops" "$types" "$warnings" "$ms" "$status"
done
if grep -q '^error' "$clippy_log" && [ "$failed" = 0 ]; then
  echo "cargo clippy failed outside the generated sources:"; grep -m5 '^error' "$clippy_log"; failed=1
fi
echo
if [ "$failed" = 0 ]; then
  echo "corpus: every document generated and compiled warning-free"
else
  echo "corpus: FAILED (clippy log: $clippy_log${KEEP:+, kept})"
  [ -n "${1:-}" ] || [ "${KEEP:-0}" = 1 ] || tail -40 "$clippy_log"
fi
exit "$failed"

#!/usr/bin/env bash
# Generates a client crate for every document in ../shared/corpus (each Rocket.Chat
# document on its own and all of them merged into one client; every progenitor and OAI
# sample), in ../shared/corpus-pending (Swagger 2.0 examples, more public APIs), in
# ../shared/corpus-scale (big documents: Stripe's 4.2 MB, 417 operations) and for
# every case of generator/tests/malformed that generates (odd documents: deprecated
# parts, no paths, overlapping statuses...), puts them in one scratch workspace outside
# the repo, runs `cargo clippy -- -D warnings` and rustdoc with `-D warnings` on all of
# them together, and prints a
# table: document, operations in the documents, operations generated, left out (each
# with a located warning), types, warnings, generation ms, compiles.
#
# Usage: scripts/corpus.sh [SCRATCH_DIR]     (default: a new temporary directory)
# Env:   CORPUS=path/to/corpus (default ../shared/corpus), PENDING=path (default
#        ../shared/corpus-pending), SCALE=path (default ../shared/corpus-scale),
#        KEEP=1 keeps the scratch dir.
# Exit:  0 when every document generates, no operation is lost without a warning, and
#        every crate compiles warning-free, its rustdoc too.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
corpus=${CORPUS:-../shared/corpus}
if [ ! -d "$corpus" ]; then
  echo "corpus: skipped: $corpus does not exist"
  exit 0
fi
corpus=$(cd "$corpus" && pwd)
pending=${PENDING:-$corpus/../corpus-pending}
scale=${SCALE:-$corpus/../corpus-scale}
scratch=${1:-$(mktemp -d "${TMPDIR:-/tmp}/corpus.XXXXXX")}
mkdir -p "$scratch/crates"
[ "${KEEP:-0}" = 1 ] || [ -n "${1:-}" ] || trap 'rm -rf "$scratch"' EXIT

cargo build --release -q -p generator
gen="$root/target/release/openapi-client-gen"

rows=()
members=()
failed=0
# generate [--may-fail] NAME SPEC...
generate() {
  local may_fail=0
  if [ "$1" = --may-fail ]; then may_fail=1; shift; fi
  local name=$1; shift
  local args=()
  for s in "$@"; do args+=(--spec "$s"); done
  local out="$scratch/crates/$name" log="$scratch/$name.log"
  local start end rc=0
  start=$(date +%s%N)
  "$gen" "${args[@]}" --out "$out" --crate-name "corpus-$name" --diagnostics short >"$log" 2>&1 || rc=$?
  end=$(date +%s%N)
  local ms=$(( (end - start) / 1000000 ))
  local warnings ops documented left types counts
  warnings=$(grep -c ': warning\[' "$log" || true)
  # "N operations (M in the documents, K left out), T types"
  counts=$(sed -n 's/.* \([0-9]*\) operations (\([0-9]*\) in the documents, \([0-9]*\) left out), \([0-9]*\) types.*/\1 \2 \3 \4/p' "$log" | tail -1)
  read -r ops documented left types <<<"${counts:-? ? ? ?}"
  if [ "$rc" -eq 0 ]; then
    members+=("\"crates/$name\"")
    if grep -q 'warning\[operation-lost\]' "$log"; then
      failed=1
      rows+=("$name|$documented|$ops|$left|$types|$warnings|$ms|operation lost without a warning: $(grep -m1 'operation-lost' "$log" | cut -c1-80)")
    else
      rows+=("$name|$documented|$ops|$left|$types|$warnings|$ms|PENDING")
    fi
  elif [ "$may_fail" = 0 ]; then
    failed=1
    rows+=("$name|-|-|-|-|$warnings|$ms|generation failed (exit $rc): $(grep -m1 'error' "$log" | cut -c1-80)")
  fi
}

for f in "$corpus"/rocketchat/*.yaml; do
  generate "rocketchat-$(basename "${f%.*}")" "$f"
done
generate rocketchat-merged "$corpus"/rocketchat/*.yaml
# crate name from the folder and file name
crate_of() {
  local base; base=$(basename "$1")
  echo "${2:-}$(basename "$(dirname "$1")")-${base%.*}-${base##*.}" | tr '._' '--' | tr 'A-Z' 'a-z'
}
for f in "$corpus"/progenitor/* "$corpus"/oai/*; do
  generate "$(crate_of "$f")" "$f"
done
if [ -d "$pending" ]; then
  for f in "$pending"/*/*.json "$pending"/*/*.yaml "$pending"/*/*.yml; do
    [ -f "$f" ] && generate "$(crate_of "$f" pending-)" "$f"
  done
fi
# Big documents (performance and scale): they must generate and compile warning-free too.
if [ -d "$scale" ]; then
  for f in "$scale"/*.json "$scale"/*.yaml; do
    [ -f "$f" ] && generate "$(crate_of "$f")" "$f"
  done
fi
# The malformed suite's odd documents: those that generate must compile warning-free.
for f in generator/tests/malformed/*.json generator/tests/malformed/*.yaml; do
  case "$f" in *.overlay.yaml) continue ;; esac
  generate --may-fail "$(crate_of "$f")" "$f"
done

{
  echo '[workspace]'
  echo 'resolver = "2"'
  echo "members = [$(IFS=,; echo "${members[*]}")]"
} > "$scratch/Cargo.toml"

export CARGO_TARGET_DIR="$scratch/target"
clippy_log="$scratch/clippy.log"
# Every crate is checked now (a reused scratch directory must not skip one).
find "$scratch/crates" -name lib.rs -exec touch {} +
clippy_rc=0
( cd "$scratch" && cargo clippy --workspace --keep-going --message-format short -- -D warnings ) >"$clippy_log" 2>&1 || clippy_rc=$?

printf '\n%-48s %6s %6s %6s %6s %8s %8s  %s\n' document ops_in ops_out left types warnings gen_ms compiles
for row in "${rows[@]}"; do
  IFS='|' read -r name documented ops left types warnings ms status <<<"$row"
  if [ "$status" = PENDING ]; then
    # A crate clippy never reached (or a log that is gone) is not a pass.
    if ! grep -q "Checking corpus-$name " "$clippy_log" 2>/dev/null; then
      status="no: clippy never checked it"
      failed=1
    elif grep -q "crates/$name/src/.*: \(error\|warning\)" "$clippy_log" || grep -q "could not compile \`corpus-$name\`" "$clippy_log"; then
      status="no: $(grep -m1 "crates/$name/src/" "$clippy_log" | cut -c1-100)"
      failed=1
    else
      status=yes
    fi
  fi
  printf '%-48s %6s %6s %6s %6s %8s %8s  %s\n' "$name" "$documented" "$ops" "$left" "$types" "$warnings" "$ms" "$status"
done
if [ "$clippy_rc" != 0 ] && [ "$failed" = 0 ]; then
  echo "cargo clippy failed (exit $clippy_rc) outside the generated sources:"; grep -m5 '^error' "$clippy_log"; failed=1
fi
# rustdoc of every generated crate: the documents' prose must make clean docs too.
doc_log="$scratch/doc.log"
if ! ( cd "$scratch" && RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --keep-going --message-format short ) >"$doc_log" 2>&1; then
  echo "rustdoc -D warnings failed on generated crates:"
  grep -E '(^|: )(error|warning)' "$doc_log" | grep -v '^warning: build failed' | head -20
  failed=1
fi
echo
if [ "$failed" = 0 ]; then
  echo "corpus: every document generated, every operation left out has a warning, every crate compiled warning-free, its rustdoc clean"
else
  echo "corpus: FAILED (clippy log: $clippy_log${KEEP:+, kept})"
  [ -n "${1:-}" ] || [ "${KEEP:-0}" = 1 ] || tail -40 "$clippy_log"
fi
exit "$failed"

#!/usr/bin/env bash
# Every operation of every document, validated on the wire: for each document, generate
# its client and a driver that calls every operation once through the client's own
# methods (inputs from the document's request examples, else minimal valid values:
# `openapi-client-gen --calls`), run the driver against Prism (a mock server that
# validates each request against the document and answers from its examples), and count
# per document: operations called, request violations Prism reports (`sl-violations`),
# 2xx answers that do not decode, and errors not surfaced as `Error::Api` /
# `Error::UnexpectedResponse`. Prints a table and a total.
#
# Usage: scripts/wire-check.sh [DOC...]
#   default: every document of ../shared/corpus and ../shared/corpus-pending, and the
#   documents of specs/ that are not byte-identical copies of one of them.
# Env: CACHE (installs; default ${XDG_CACHE_HOME:-$HOME/.cache}/rocketchat-codegen),
#      KEEP=1 keeps the scratch dir, WIRE_OUT=FILE also writes every call as JSON lines.
# Exit: 0 when no request violation, undecoded 2xx or unsurfaced error is left that
#       `scripts/wire-check/defects.json` does not list with its reason (a listed one
#       that no longer happens fails too), and every document was checked or says why not.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  sed -n 2,18p "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi

docs=("$@")
if [ ${#docs[@]} -eq 0 ]; then
  shared=../shared
  if [ ! -d "$shared/corpus" ]; then
    echo "wire-check: skipped: $shared/corpus does not exist (give documents as arguments)"
    exit 0
  fi
  mapfile -t docs < <(find "$shared/corpus" "$shared/corpus-pending" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) 2>/dev/null | sort)
  for s in specs/*.yaml specs/*.json; do
    case "$s" in *.overlay.yaml) continue ;; esac
    same=0
    for d in "${docs[@]}"; do cmp -s "$s" "$d" && same=1 && break; done
    [ "$same" = 1 ] || docs+=("$s")
  done
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/wire-check.XXXXXX")
prism_pid=""
stop_prism() { if [ -n "$prism_pid" ]; then scripts/prism.sh stop "$prism_pid" || true; prism_pid=""; fi; }
trap 'stop_prism; [ "${KEEP:-0}" = 1 ] || rm -rf "$scratch"' EXIT

scripts/prism.sh install >/dev/null
cargo build -q --release -p generator
gen="$root/target/release/openapi-client-gen"

# One crate per document: its client, and a driver that includes the calls harness.
names=()
declare -A doc_of status_of
members=()
for doc in "${docs[@]}"; do
  base=$(basename "$doc"); base=${base%.*}
  dir=$(basename "$(dirname "$doc")")
  name=$(echo "$dir-$base" | tr 'A-Z._' 'a-z--' | tr -cd 'a-z0-9-')
  krate="wc-$name"
  names+=("$name"); doc_of[$name]=$doc
  mkdir -p "$scratch/$name/driver/src"
  if ! "$gen" --spec "$doc" --out "$scratch/$name/client" --crate-name "$krate" \
      --calls "$scratch/$name/driver/src/cases.rs" --quiet >"$scratch/$name/gen.log" 2>&1; then
    status_of[$name]="not checked: the generator refused it: $(grep -m1 'error' "$scratch/$name/gen.log" | cut -c1-100)"
    continue
  fi
  ident=${krate//-/_}
  cat >"$scratch/$name/driver/Cargo.toml" <<EOF
[package]
name = "driver-$name"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
$krate = { path = "../client", default-features = false, features = ["full"] }
reqwest = { version = "0.13", default-features = false }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
tokio = { version = "1", features = ["rt"] }
# What the calls of a client whose types hold them name.
uuid = "1"
chrono = { version = "0.4", default-features = false, features = ["std", "serde"] }
EOF
  # A client without areas has no `full` feature.
  grep -q '^full = ' "$scratch/$name/client/Cargo.toml" ||
    sed -i 's/, default-features = false, features = \["full"\]/, default-features = false/' "$scratch/$name/driver/Cargo.toml"
  cat >"$scratch/$name/driver/src/main.rs" <<EOF
//! The wire-check driver of $doc (written by scripts/wire-check.sh).
#![allow(dead_code, unused_imports, clippy::all)]
use $ident as client;
#[path = "$root/tests/src/calls.rs"]
mod calls;
#[path = "$root/scripts/wire-check/driver.rs"]
mod driver;
mod cases;
pub use calls::{Call, Case, Input, Op, Outcome, Target};

fn main() -> std::process::ExitCode {
    let url = std::env::args().nth(1).unwrap_or_default();
    match driver::run(&url, cases::OPS, cases::CASES, cases::client) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("driver: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
EOF
  members+=("\"$name/client\"" "\"$name/driver\"")
done
{
  echo "[workspace]"
  echo "resolver = \"2\""
  echo "members = [$(IFS=,; echo "${members[*]}")]"
  echo "[profile.dev]"
  echo "debug = false"
} >"$scratch/Cargo.toml"
# The repository's lock file pins what the drivers share with the client.
cp Cargo.lock "$scratch/Cargo.lock"
echo "wire-check: building ${#members[@]} crates for ${#names[@]} documents" >&2
CARGO_TARGET_DIR="$root/target/wire-check" cargo build -q --manifest-path "$scratch/Cargo.toml" --workspace 2>"$scratch/build.log" || {
  tail -n 40 "$scratch/build.log" >&2
  echo "wire-check: the drivers do not build" >&2
  exit 1
}

port=$((20000 + RANDOM % 20000))
results="$scratch/results.jsonl"
: >"$results"
for name in "${names[@]}"; do
  [ -z "${status_of[$name]:-}" ] || continue
  doc=${doc_of[$name]}
  # Prism follows every "$ref", also inside examples (GitHub's SCIM examples hold some):
  # it runs on a copy where those are renamed.
  scripts/prism.sh sanitize "$doc" "$scratch/$name/prism.json" 2>/dev/null || cp "$doc" "$scratch/$name/prism.json"
  port=$((port + 1))
  if ! prism_pid=$(PRISM_LOG="$scratch/$name/prism.log" scripts/prism.sh start "$scratch/$name/prism.json" "$port" 2>"$scratch/$name/prism.err"); then
    prism_pid=""
    status_of[$name]="not checked: Prism cannot load it: $(grep -m1 'prism.sh: Prism' "$scratch/$name/prism.err" | sed 's/^prism.sh: //' | cut -c1-120)"
    continue
  fi
  driver="$root/target/wire-check/debug/driver-$name"
  if ! "$driver" "http://127.0.0.1:$port" >"$scratch/$name/calls.jsonl" 2>"$scratch/$name/driver.err"; then
    status_of[$name]="driver failed: $(head -c 200 "$scratch/$name/driver.err")"
  fi
  stop_prism
  python3 scripts/wire-check/prism_log.py "$scratch/$name/calls.jsonl" "$scratch/$name/prism.log" >"$scratch/$name/calls-logged.jsonl"
  python3 - "$name" "$scratch/$name/calls-logged.jsonl" >>"$results" <<'PY'
import json, sys
name, path = sys.argv[1], sys.argv[2]
for line in open(path):
    line = line.strip()
    if line:
        call = json.loads(line)
        call["document"] = name
        print(json.dumps(call))
PY
done
[ -z "${WIRE_OUT:-}" ] || cp "$results" "$WIRE_OUT"

status_file="$scratch/status.tsv"
for name in "${names[@]}"; do printf '%s\t%s\t%s\n' "$name" "${doc_of[$name]}" "${status_of[$name]:-}"; done >"$status_file"
python3 scripts/wire-check/report.py "$results" "$status_file" scripts/wire-check/defects.json

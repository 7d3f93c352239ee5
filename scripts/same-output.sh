#!/usr/bin/env bash
# Proves a refactoring changed nothing: generates every document in ../shared/corpus
# (each on its own; the Rocket.Chat documents also merged into one client) and this
# repository's own client (specs/ with overlays) with two generator binaries, and
# compares the generated files and the printed diagnostics byte for byte.
#
# Usage: scripts/same-output.sh OLD_BIN NEW_BIN [SCRATCH_DIR]
#   e.g. git stash; cargo build -q -p generator; cp target/debug/openapi-client-gen /tmp/old-gen
#        git stash pop; cargo build -q -p generator
#        scripts/same-output.sh /tmp/old-gen target/debug/openapi-client-gen
# Env:   CORPUS=path/to/corpus (default ../shared/corpus), KEEP=1 keeps the scratch dir.
# Exit:  0 when every output is identical; 1 with a diff summary otherwise.
set -euo pipefail
if [ $# -lt 2 ]; then
  sed -n '2,12p' "$0"
  exit 2
fi
old=$(realpath "$1")
new=$(realpath "$2")
cd "$(dirname "$0")/.."
root=$(pwd)
corpus=${CORPUS:-../shared/corpus}
scratch=${3:-$(mktemp -d "${TMPDIR:-/tmp}/same-output.XXXXXX")}
keep=${KEEP:-0}
[ -n "${3:-}" ] && keep=1
trap '[ "$keep" = 1 ] || rm -rf "$scratch"' EXIT
rm -rf "$scratch/old" "$scratch/new"
mkdir -p "$scratch/old" "$scratch/new"

# run SIDE BIN NAME ARGS...: output under SIDE/crates/NAME, diagnostics in SIDE/NAME.log.
# Both sides run from a directory of the same shape, so the command line in every
# `@generated` header is the same.
run() {
  local side=$1 bin=$2 name=$3; shift 3
  local rc=0
  ( cd "$scratch/$side" && "$bin" "$@" --out "crates/$name" --crate-name "same-$name" --diagnostics short ) \
    >"$scratch/$side/$name.log" 2>&1 || rc=$?
  echo "exit $rc" >>"$scratch/$side/$name.log"
}

both() {
  run old "$old" "$@"
  run new "$new" "$@"
}

if [ -d "$corpus" ]; then
  corpus=$(cd "$corpus" && pwd)
  for f in "$corpus"/rocketchat/*.yaml; do
    both "rocketchat-$(basename "${f%.*}")" --spec "$f"
  done
  merged=()
  for f in "$corpus"/rocketchat/*.yaml; do merged+=(--spec "$f"); done
  both rocketchat-merged "${merged[@]}"
  for f in "$corpus"/*/*; do
    case $f in "$corpus"/rocketchat/*) continue ;; esac
    base=$(basename "$f")
    both "$(basename "$(dirname "$f")")-${base//./-}" --spec "$f"
  done
else
  echo "same-output: $corpus does not exist; comparing this repository's client only"
fi
specs=()
for f in "$root"/specs/*; do
  case $f in *.overlay.*) ;; *.json | *.yaml | *.yml) specs+=(--spec "$f") ;; esac
done
overlays=()
for f in "$root"/specs/*.overlay.*; do [ -e "$f" ] && overlays+=(--overlay "$f"); done
both repository "${specs[@]}" "${overlays[@]}"

count=$(find "$scratch/old" -maxdepth 1 -name '*.log' | wc -l)
if diff -r "$scratch/old" "$scratch/new" >"$scratch/diff.txt"; then
  echo "same-output: identical on $count generations (files and diagnostics)"
  exit 0
fi
echo "same-output: DIFFERENT ($(grep -c '^diff\|^Only' "$scratch/diff.txt" || true) files; full diff: $scratch/diff.txt)"
grep '^diff\|^Only' "$scratch/diff.txt" | head -20
head -60 "$scratch/diff.txt"
keep=1
exit 1

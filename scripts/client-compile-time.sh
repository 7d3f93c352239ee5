#!/usr/bin/env bash
# Compile time of the generated client alone (dependencies already built): `cargo check` and a
# debug `cargo build`, with all features and with each feature set given, median of N runs.
# Usage: scripts/client-compile-time.sh [-n RUNS] [-p PACKAGE] [FEATURES...]
#   FEATURES: "all" (the default features) or a comma list built with --no-default-features
#   (plus rustls-tls, so dependencies stay the ones already built), e.g. `all chat`.
# Each run touches the crate's src/lib.rs and compiles without incremental state
# (CARGO_INCREMENTAL=0), as cargo compiles a dependency: only the client is recompiled.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=3
package=rocketchat-client
while [ $# -gt 0 ]; do
  case "$1" in
    -n) runs="$2"; shift 2 ;;
    -p) package="$2"; shift 2 ;;
    -h|--help) sed -n 2,7p "$0" | sed 's/^# //'; exit 0 ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || set -- all
src="$(cargo metadata --format-version 1 --no-deps \
  | python3 -c "import json,sys; print(next(p['manifest_path'] for p in json.load(sys.stdin)['packages'] if p['name']=='$package'))")"
lib="$(dirname "$src")/src/lib.rs"
export CARGO_INCREMENTAL=0 CARGO_TERM_COLOR=never

median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f", m}'; }

echo "| features | cargo check, s (cpu s) | cargo build debug, s (cpu s) | runs (wall s) |"
echo "|---|---:|---:|---|"
for set in "$@"; do
  if [ "$set" = all ]; then args=(); else args=(--no-default-features --features "rustls-tls,$set"); fi
  row=()
  for cmd in check build; do
    # Dependencies first, untimed.
    cargo "$cmd" -q -p "$package" "${args[@]}" >/dev/null 2>&1 || cargo "$cmd" -p "$package" "${args[@]}"
    times=()
    cpus=()
    for _ in $(seq "$runs"); do
      touch "$lib"
      # Wall time, and CPU time (user + system of cargo and rustc): the machine is shared.
      read -r wall cpu < <(python3 -c '
import resource, subprocess, sys, time
t = time.monotonic()
subprocess.run(sys.argv[1:], check=True)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{time.monotonic() - t:.1f} {r.ru_utime + r.ru_stime:.1f}")' cargo "$cmd" -q -p "$package" "${args[@]}")
      times+=("$wall")
      cpus+=("$cpu")
    done
    row+=("$(printf '%s\n' "${times[@]}" | median) (cpu $(printf '%s\n' "${cpus[@]}" | median))")
    all_times+=("$cmd: $(printf '%s ' "${times[@]}")")
    cpus=()
  done
  echo "| $set | ${row[0]} | ${row[1]} | ${all_times[*]} |"
  all_times=()
done

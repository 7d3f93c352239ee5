#!/usr/bin/env bash
# compare-progenitor.sh — side-by-side comparison of our OpenAPI -> Rust client
# generator (`target/release/openapi-client-gen`) against the peer generator
# `cargo progenitor` (crate `cargo-progenitor` on crates.io).
#
# What it measures
#   1. Generation, per OpenAPI document: wall time and CPU time (user +
#      system, medians of RUNS runs) and peak RSS (max over the runs): wall
#      time from bash's $EPOCHREALTIME around `/usr/bin/time -f '%M %U %S'`,
#      which gives the peak RSS and the CPU time.
#      Runs ALTERNATE (ours, theirs, ours, theirs, ...) so that background
#      load drifts affect both tools alike. The output directory is removed
#      before every run (not timed). A tool that fails on a document is
#      reported as "FAILED (exit N: first line of stderr)" and not re-run on
#      that document (generation is deterministic). `cargo progenitor` is
#      timed through the cargo subcommand wrapper, which adds a few ms.
#   2. Compile cost of the generated code, for CHECK_DOC (default nexus.json):
#      `cargo check` of each generated crate, copied into its own temporary
#      workspace with its own CARGO_TARGET_DIR and dependencies pre-fetched
#      (`cargo fetch`, not timed). "cold" = first check (includes checking
#      all dependencies); "touch" = second check after `touch src/lib.rs`
#      (mostly incremental reuse); "crate" = check after `cargo clean -p` of the
#      generated crate alone, its dependencies already checked (what a change to
#      the API description costs). Progenitor's crate enables no TLS
#      backend in reqwest; ours enables rustls by default, so ours is checked
#      twice: as generated, and with --no-default-features (like for like).
#
# How to run (from anywhere):
#   scripts/compare-progenitor.sh                   # default document list
#   scripts/compare-progenitor.sh a.yaml b.json     # custom documents
#   RUNS=3 ONLY=theirs KEEP=1 scripts/compare-progenitor.sh
#
# Arguments: OpenAPI documents. A relative path is resolved against the
# current directory if it exists there, otherwise against the repo root.
#
# Environment:
#   RUNS=5          runs per tool per document
#   ONLY=both       both | ours | theirs — which generator(s) to run
#   CHECK_DOC=nexus.json   basename of the document whose generated crates
#                   get the `cargo check` timing ("" or SKIP_CHECK=1 to skip)
#   CHECK_RUNS=3    repetitions of the "crate" and "touch" checks (medians)
#   KEEP=0          KEEP=1 keeps the temp dir with all outputs and logs
#   BASELINE=       path to another build of our generator (e.g. of an older
#                   commit): "theirs" runs it instead of progenitor, so the
#                   table compares after (ours) with before (theirs)
#
# Contract for our generator (exit 0 = ok, possibly with warnings;
# exit 2 = unusable input):
#   target/release/openapi-client-gen --spec DOC --out DIR --crate-name NAME
#
# Note: the machine is shared (2 cores); numbers are noisy when other builds
# are running. Compare ratios from the same invocation, not across runs.
set -euo pipefail

RUNS=${RUNS:-5}
ONLY=${ONLY:-both}
KEEP=${KEEP:-0}
CHECK_DOC=${CHECK_DOC-nexus.json}
SKIP_CHECK=${SKIP_CHECK:-0}
CHECK_RUNS=${CHECK_RUNS:-3}
BASELINE=${BASELINE:-}

case "$ONLY" in both | ours | theirs) ;; *)
    echo "ONLY must be both, ours or theirs (got '$ONLY')" >&2
    exit 64
    ;;
esac
want() { [[ "$ONLY" == both || "$ONLY" == "$1" ]]; }

if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
    exit 0
fi

CALLER_PWD=$PWD
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO_ROOT"

DEFAULT_DOCS=(
    ../shared/corpus/progenitor/nexus.json
    ../shared/corpus/progenitor/api.github.com.json
    ../shared/corpus/progenitor/keeper.json
    ../shared/corpus/progenitor/buildomat.json
    ../shared/corpus/oai/petstore.yaml
    ../shared/corpus/rocketchat/user-management.yaml
)

DOCS=()
if (($# > 0)); then
    for d in "$@"; do
        if [[ "$d" != /* && -e "$CALLER_PWD/$d" ]]; then
            DOCS+=("$CALLER_PWD/$d")
        else
            DOCS+=("$d")
        fi
    done
else
    DOCS=("${DEFAULT_DOCS[@]}")
fi
for d in "${DOCS[@]}"; do
    [[ -r "$d" ]] || {
        echo "document not readable: $d" >&2
        exit 66
    }
done

# ---------------------------------------------------------------- prerequisites
if [[ ! -x /usr/bin/time ]]; then
    echo "== /usr/bin/time missing; installing the 'time' package" >&2
    SUDO=""
    ((EUID == 0)) || SUDO=sudo
    $SUDO apt-get update
    $SUDO apt-get install -y time
fi

if want theirs && [[ -n "$BASELINE" ]]; then
    [[ -x "$BASELINE" ]] || {
        echo "BASELINE is not an executable: $BASELINE" >&2
        exit 66
    }
    echo "theirs: the baseline $BASELINE (not progenitor)"
elif want theirs; then
    if ! cargo progenitor --help >/dev/null 2>&1; then
        echo "== installing cargo-progenitor" >&2
        cargo install cargo-progenitor
    fi
    PROG_VERSION=$(cargo install --list | sed -n 's/^cargo-progenitor v\([^:]*\):$/\1/p')
    echo "cargo-progenitor version: ${PROG_VERSION:-unknown}"
fi

OURS_BIN="$REPO_ROOT/target/release/openapi-client-gen"
if want ours; then
    echo "== building our generator (release)" >&2
    cargo build --release -p generator >&2
    [[ -x "$OURS_BIN" ]] || {
        echo "missing $OURS_BIN after build" >&2
        exit 1
    }
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/compare-progenitor.XXXXXX")
cleanup() {
    if [[ "$KEEP" == 1 ]]; then
        echo "outputs kept in $TMP" >&2
    else
        rm -rf "$TMP"
    fi
}
trap cleanup EXIT

# ---------------------------------------------------------------- helpers
# First informative line of a stderr log. For Rust panics ("thread 'main'
# (ID) panicked at FILE:LINE:COL:") the message on the following line is
# appended and the cargo registry prefix of FILE is stripped, giving e.g.
# "panicked at progenitor-impl-0.15.1/src/method.rs:1220:9: assertion failed".
first_err_line() {
    local f=$1 line next
    line=$(grep -m1 -v '^[[:space:]]*$' "$f" 2>/dev/null || true)
    if [[ "$line" == "thread '"*"panicked at"* ]]; then
        next=$(grep -v '^[[:space:]]*$' "$f" | sed -n 2p)
        line="panicked at ${line#*panicked at }"
        line=$(sed -E 's#/[^ ]*/registry/src/[^/]+/##' <<<"$line")
        [[ -n "$next" && "$line" == *: ]] && line="$line $next"
    fi
    line=${line//$'\r'/}
    ((${#line} > 200)) && line="${line:0:197}..."
    printf '%s' "${line:-<no stderr>}"
}

median() { # reads numbers on stdin
    sort -g | awk '{a[NR]=$1} END {
        if (NR==0) {print "-"; exit}
        if (NR%2) printf "%.3f\n", a[(NR+1)/2];
        else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2 }'
}

max_kib_to_mib() {
    sort -g | tail -n1 | awk '{ if ($1=="") print "-"; else printf "%.1f\n", $1/1024 }'
}

# run_tool TOOL DOC NAME RUNIDX -> appends "secs kib" to $TMP/TOOL-NAME.times,
# or writes $TMP/TOOL-NAME.failed with the failure description.
run_tool() {
    local tool=$1 doc=$2 name=$3 i=$4
    local out="$TMP/$tool-$name" log="$TMP/logs/$tool-$name.$i"
    rm -rf "$out"
    local -a cmd
    if [[ $tool == ours ]]; then
        cmd=("$OURS_BIN" --spec "$doc" --out "$out" --crate-name bench-ours)
    elif [[ -n "$BASELINE" ]]; then
        cmd=("$BASELINE" --spec "$doc" --out "$out" --crate-name bench-theirs)
    else
        cmd=(cargo progenitor -i "$doc" -o "$out" -n bench-theirs -v 0.1.0)
    fi
    local rc=0
    local t0=$EPOCHREALTIME
    /usr/bin/time -f '%M %U %S' -o "$log.time" "${cmd[@]}" >"$log.out" 2>"$log.err" || rc=$?
    local t1=$EPOCHREALTIME
    if ((rc != 0)); then
        # Exit code 2 with warnings-free stderr is still a failure: the
        # document was refused.
        printf 'FAILED (exit %d: %s)' "$rc" "$(first_err_line "$log.err")" >"$TMP/$tool-$name.failed"
        return
    fi
    # "wall_s peak_kib cpu_s"
    echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }') $(tail -n1 "$log.time" | awk '{ printf "%s %.2f", $1, $2 + $3 }')" >>"$TMP/$tool-$name.times"
}

# ---------------------------------------------------------------- generation
mkdir -p "$TMP/logs"
declare -a NAMES=()
for doc in "${DOCS[@]}"; do
    base=$(basename "$doc")
    name=${base%.*}
    NAMES+=("$name")
    echo "== $base: $RUNS alternating runs ($ONLY)" >&2
    for ((i = 1; i <= RUNS; i++)); do
        for tool in ours theirs; do
            want "$tool" || continue
            [[ -e "$TMP/$tool-$name.failed" ]] && continue
            run_tool "$tool" "$doc" "$name" "$i"
        done
    done
done

cell_time() { # tool name
    local t=$1 n=$2
    if ! want "$t"; then echo "skipped"; elif [[ -e "$TMP/$t-$n.failed" ]]; then cat "$TMP/$t-$n.failed"; else
        awk '{print $1}' "$TMP/$t-$n.times" | median
    fi
}
cell_cpu() {
    local t=$1 n=$2
    if ! want "$t" || [[ -e "$TMP/$t-$n.failed" ]]; then echo "-"; else
        awk '{print $3}' "$TMP/$t-$n.times" | median
    fi
}
cell_mem() {
    local t=$1 n=$2
    if ! want "$t" || [[ -e "$TMP/$t-$n.failed" ]]; then echo "-"; else
        awk '{print $2}' "$TMP/$t-$n.times" | max_kib_to_mib
    fi
}

echo
echo "Generation: median wall time and CPU time (user + system) over $RUNS runs, peak RSS (max over runs)"
printf '%-26s | %-12s | %-12s | %-8s | %-9s | %-9s | %-8s | %-9s | %-10s | %-8s\n' \
    document "ours med s" "theirs med s" "th/ours" "ours CPU" "thr CPU" "th/ours" "ours MiB" "theirs MiB" "th/ours"
printf '%s\n' "---------------------------+--------------+--------------+----------+-----------+-----------+----------+-----------+------------+---------"
FAILURES=()
for name in "${NAMES[@]}"; do
    ot=$(cell_time ours "$name")
    tt=$(cell_time theirs "$name")
    om=$(cell_mem ours "$name")
    tm=$(cell_mem theirs "$name")
    oc=$(cell_cpu ours "$name")
    tc=$(cell_cpu theirs "$name")
    cratio="-"
    if [[ "$oc" =~ ^[0-9.]+$ && "$tc" =~ ^[0-9.]+$ ]]; then
        cratio=$(awk -v a="$tc" -v b="$oc" 'BEGIN { if (b>0) printf "%.2fx", a/b; else print "inf" }')
    fi
    ratio="-"
    if [[ "$ot" =~ ^[0-9.]+$ && "$tt" =~ ^[0-9.]+$ ]]; then
        ratio=$(awk -v a="$tt" -v b="$ot" 'BEGIN { if (b>0) printf "%.2fx", a/b; else print "inf" }')
    fi
    mratio="-"
    if [[ "$om" =~ ^[0-9.]+$ && "$tm" =~ ^[0-9.]+$ ]]; then
        mratio=$(awk -v a="$tm" -v b="$om" 'BEGIN { if (b>0) printf "%.2fx", a/b; else print "inf" }')
    fi
    # Keep the table narrow; full failure text is listed below it.
    [[ "$ot" == FAILED* ]] && { FAILURES+=("ours   $name: $ot"); ot="FAILED"; }
    [[ "$tt" == FAILED* ]] && { FAILURES+=("theirs $name: $tt"); tt="FAILED"; }
    printf '%-26s | %12s | %12s | %8s | %9s | %9s | %8s | %9s | %10s | %8s\n' "$name" "$ot" "$tt" "$ratio" "$oc" "$tc" "$cratio" "$om" "$tm" "$mratio"
done
if ((${#FAILURES[@]} > 0)); then
    echo
    echo "Failures:"
    printf '  %s\n' "${FAILURES[@]}"
fi

# ---------------------------------------------------------------- cargo check
if [[ "$SKIP_CHECK" == 1 || -z "$CHECK_DOC" ]]; then
    exit 0
fi
check_name=${CHECK_DOC%.*}
if [[ ! " ${NAMES[*]} " == *" $check_name "* ]]; then
    echo
    echo "cargo check: $CHECK_DOC not among the documents; skipped"
    exit 0
fi

# check_crate TOOL LABEL [CARGO ARGS...] -> prints "cold_s crate_s touch_s warnings" or a failure text
check_crate() {
    local tool=$1 label=$2
    shift 2
    local src="$TMP/$tool-$check_name"
    local ws="$TMP/check-$label" log="$TMP/logs/check-$label"
    if [[ -e "$TMP/$tool-$check_name.failed" ]]; then
        echo "not generated"
        return
    fi
    if [[ ! -f "$src/Cargo.toml" ]]; then
        echo "no Cargo.toml in output"
        return
    fi
    rm -rf "$ws"
    cp -r "$src" "$ws"
    # Detach from any enclosing workspace: make the crate its own workspace.
    grep -q '^\[workspace\]' "$ws/Cargo.toml" || printf '\n[workspace]\n' >>"$ws/Cargo.toml"
    export CARGO_TARGET_DIR="$TMP/target-$label"
    if ! (cd "$ws" && cargo fetch >"$log.fetch" 2>&1); then
        echo "FAILED (cargo fetch: $(first_err_line "$log.fetch"))"
        return
    fi
    local cold touch rc=0
    (cd "$ws" && /usr/bin/time -f '%e' -o "$log.cold.time" cargo check "$@" >"$log.cold" 2>&1) || rc=$?
    if ((rc != 0)); then
        echo "FAILED (cargo check exit $rc: $(grep -m1 '^error' "$log.cold" || first_err_line "$log.cold"))"
        return
    fi
    cold=$(tail -n1 "$log.cold.time")
    local i touch own pkg
    pkg=$(sed -n 's/^name = "\(.*\)"$/\1/p' "$ws/Cargo.toml" | head -n1)
    for ((i = 1; i <= CHECK_RUNS; i++)); do
        touch "$ws/src/lib.rs"
        (cd "$ws" && /usr/bin/time -f '%e' -a -o "$log.touch.time" cargo check "$@" >"$log.touch" 2>&1) || rc=$?
        # The crate alone, from scratch, its dependencies already checked: what a
        # change of the API description costs ("touch" mostly measures incremental reuse).
        (cd "$ws" && cargo clean -q -p "$pkg" && /usr/bin/time -f '%e' -a -o "$log.own.time" cargo check "$@" >"$log.own" 2>&1) || rc=$?
        if ((rc != 0)); then
            echo "FAILED (repeated cargo check exit $rc)"
            return
        fi
    done
    touch=$(median <"$log.touch.time")
    own=$(median <"$log.own.time")
    local warns
    warns=$(grep '^warning' "$log.cold" | grep -vc 'generated [0-9]* warning' || true)
    echo "$cold $own $touch $warns"
}

echo
echo "cargo check of the crate generated from $CHECK_DOC (own workspace + CARGO_TARGET_DIR, deps pre-fetched)"
echo "(progenitor's crate has no TLS backend; ours has rustls by default, so it is also checked without)"
printf '%-16s | %-10s | %-10s | %-10s | %-8s | %s\n' crate "cold s" "crate s" "touch s" "warnings" "src .rs lines"
printf '%s\n' "-----------------+------------+------------+------------+----------+-------------"
check_row() { # tool label [cargo args...]
    local tool=$1 label=$2
    want "$tool" || return 0
    local res lines="-"
    res=$(check_crate "$@")
    [[ -d "$TMP/$tool-$check_name/src" ]] && lines=$(find "$TMP/$tool-$check_name/src" -name '*.rs' -exec cat {} + | wc -l)
    if [[ "$res" =~ ^[0-9.]+\ [0-9.]+\ [0-9.]+\ [0-9]+$ ]]; then
        read -r c o t w <<<"$res"
        printf '%-16s | %10s | %10s | %10s | %8s | %s\n' "$label" "$c" "$o" "$t" "$w" "$lines"
    else
        printf '%-16s | %s\n' "$label" "$res"
    fi
}
check_row ours ours-rustls
check_row ours ours-no-tls --no-default-features
check_row theirs theirs-no-tls

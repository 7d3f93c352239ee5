#!/usr/bin/env bash
# A real server in CI: Jupyter Server, through a client generated from the Swagger 2.0
# document it ships (jupyter_server/services/api/api.yaml) and tests/jupyter/api.overlay.yaml.
#
#   1. installs the pinned jupyter-server and ipykernel into a virtualenv in the cache
#      (once; later runs reuse it);
#   2. builds the generator and generates tests/jupyter/client/ from the installed
#      api.yaml with the overlay (gitignored: made on every run);
#   3. builds tests/jupyter, starts Jupyter on 127.0.0.1 (a free port, a random token,
#      a fresh temporary root directory), runs the test program against it
#      (JUPYTER_URL, JUPYTER_TOKEN), and always stops the server (and its kernels),
#      printing the server's log if anything failed.
#
# Usage: scripts/jupyter-check.sh [--help]
#
# Environment:
#   CACHE                   default ${XDG_CACHE_HOME:-$HOME/.cache}/rocketchat-codegen
#   JUPYTER_TIMEOUT         seconds to wait for the server to answer (default 60)
#   CARGO_TARGET_DIR        default: the repository's target/ (shared with the workspace)
# Needs python3 with venv (Debian: python3-venv) and network access to PyPI on the first run.
set -euo pipefail

JUPYTER_SERVER_VERSION=2.21.1
IPYKERNEL_VERSION=7.4.0

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
case "${1:-}" in
    -h | --help) usage; exit 0 ;;
    "") ;;
    *) usage >&2; exit 2 ;;
esac

cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE=${CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rocketchat-codegen}
JUPYTER_TIMEOUT=${JUPYTER_TIMEOUT:-60}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
VENV="$CACHE/jupyter-venv"
STAMP="jupyter-server==$JUPYTER_SERVER_VERSION ipykernel==$IPYKERNEL_VERSION"
CRATE=tests/jupyter
CLIENT=$CRATE/client

say() { echo "jupyter-check: $*" >&2; }
die() { say "$*"; exit 1; }
started=$SECONDS

# --- 1. the pinned server, in a virtualenv (idempotent) -----------------------------
if [ -f "$VENV/.installed" ] && [ "$(cat "$VENV/.installed")" = "$STAMP" ] && [ -x "$VENV/bin/jupyter-server" ]; then
    say "using $STAMP in $VENV"
else
    command -v python3 >/dev/null || die "python3 is not installed"
    say "installing $STAMP into $VENV"
    mkdir -p "$CACHE"
    rm -rf "$VENV"
    python3 -m venv "$VENV" || die "python3 -m venv failed (Debian: apt-get install python3-venv)"
    if ! "$VENV/bin/pip" install --disable-pip-version-check -q \
        "jupyter-server==$JUPYTER_SERVER_VERSION" "ipykernel==$IPYKERNEL_VERSION" >"$CACHE/jupyter-pip.log" 2>&1; then
        cat "$CACHE/jupyter-pip.log" >&2
        rm -rf "$VENV"
        die "pip install of $STAMP failed"
    fi
    echo "$STAMP" >"$VENV/.installed"
fi
SPEC=$("$VENV/bin/python" -c 'import os, jupyter_server; print(os.path.join(os.path.dirname(jupyter_server.__file__), "services", "api", "api.yaml"))')
[ -f "$SPEC" ] || die "the installed jupyter-server has no $SPEC"

# --- 2. the client, generated from the installed document -------------------------
say "generating $CLIENT from $SPEC + $CRATE/api.overlay.yaml"
cargo build -q -p generator
# The document names no operation (no operationId): one warning each, expected.
"$CARGO_TARGET_DIR/debug/openapi-client-gen" --quiet --spec "$SPEC" --overlay "$CRATE/api.overlay.yaml" \
    --out "$CLIENT" --crate-name jupyter-client

# Built before the server starts, so a compile error needs no server. Not `--locked`:
# the client's dependencies follow the generator (a new optional dependency adds lock
# entries); the committed Cargo.lock keeps every version it already pins.
say "building $CRATE"
cargo test -q --manifest-path "$CRATE/Cargo.toml" --no-run

# --- 3. the server, the test program, and always the stop ---------------------------
status_code() { # PORT TOKEN -> the HTTP status of GET /api/status (000: no answer)
    "$VENV/bin/python" - "$1" "$2" <<'PY'
import sys, urllib.request, urllib.error
req = urllib.request.Request(f"http://127.0.0.1:{sys.argv[1]}/api/status",
                             headers={"Authorization": f"token {sys.argv[2]}"})
try:
    print(urllib.request.urlopen(req, timeout=2).status)
except urllib.error.HTTPError as e:
    print(e.code)
except Exception:
    print("000")
PY
}

PORT=$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
TOKEN=$("$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(24))')
WORK=$(mktemp -d "${TMPDIR:-/tmp}/jupyter-check.XXXXXX")
LOG="$WORK/jupyter.log"
mkdir -p "$WORK/root" "$WORK/runtime" "$WORK/config" "$WORK/data"
PID=
ok=0

stop() {
    if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
        # Kernels are the server's children: remember them to make sure they go too.
        local kernels k
        kernels=$(pgrep -P "$PID" || true)
        kill -TERM "$PID" 2>/dev/null || true
        # jupyter-server 2.21.1 can hang on SIGTERM (after a failed kernel start), so
        # fall back to SIGKILL after 10 s.
        for _ in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$PID" 2>/dev/null; then
            say "pid $PID ignored SIGTERM for 10 s; killing it"
            kill -KILL "$PID" 2>/dev/null || true
        fi
        for k in $kernels; do kill -KILL "$k" 2>/dev/null || true; done
        wait "$PID" 2>/dev/null || true
    fi
    if [ "$ok" != 1 ] && [ -f "$LOG" ]; then
        echo "---- Jupyter Server log ($LOG) ----" >&2
        cat "$LOG" >&2
        echo "---- end of log ----" >&2
    fi
    rm -rf "$WORK"
}
trap stop EXIT
trap 'exit 130' INT TERM

# Its own runtime, config and data directories: no user configuration is read.
JUPYTER_RUNTIME_DIR="$WORK/runtime" JUPYTER_CONFIG_DIR="$WORK/config" \
JUPYTER_DATA_DIR="$WORK/data" JUPYTER_PLATFORM_DIRS=1 JUPYTER_NO_CONFIG=1 \
    "$VENV/bin/jupyter-server" \
    --allow-root \
    --ServerApp.ip=127.0.0.1 \
    --ServerApp.port="$PORT" \
    --ServerApp.port_retries=0 \
    --IdentityProvider.token="$TOKEN" \
    --ServerApp.root_dir="$WORK/root" \
    --ServerApp.open_browser=False \
    >"$LOG" 2>&1 </dev/null &
PID=$!
deadline=$((SECONDS + JUPYTER_TIMEOUT))
while :; do
    code=$(status_code "$PORT" "$TOKEN")
    [ "$code" = 200 ] && break
    kill -0 "$PID" 2>/dev/null || die "Jupyter Server exited before it answered"
    [ "$SECONDS" -lt "$deadline" ] || die "Jupyter Server did not answer within ${JUPYTER_TIMEOUT}s (last GET /api/status: $code)"
    sleep 0.2
done
say "Jupyter Server $JUPYTER_SERVER_VERSION ready on http://127.0.0.1:$PORT (pid $PID)"

JUPYTER_URL="http://127.0.0.1:$PORT" JUPYTER_TOKEN="$TOKEN" \
    cargo test -q --manifest-path "$CRATE/Cargo.toml"
ok=1
say "passed in $((SECONDS - started)) s"

#!/usr/bin/env bash
# Prism (@stoplight/prism-cli) mock server, pinned, installed into a cache folder.
#
#   prism.sh install                 install (idempotent) and print the prism binary path
#   prism.sh start DOC PORT [FLAGS]  start `prism mock` on 127.0.0.1:PORT in the background,
#                                    wait until it listens, print its PID on stdout
#                                    (FLAGS are passed to `prism mock`, e.g. --errors)
#   prism.sh stop PID                stop a Prism started by `start`
#   prism.sh sanitize IN OUT         copy a document (JSON/YAML) to OUT (JSON) with every
#                                    "$ref" key inside example payloads renamed to
#                                    "x-example-ref" (GitHub's document has such keys in
#                                    SCIM examples; Prism tries to download them and dies)
#
# Environment:
#   CACHE          install root (default ${XDG_CACHE_HOME:-$HOME/.cache}/rocketchat-codegen)
# Used by scripts/wire-check.sh.
#   PRISM_VERSION  default 5.16.0
#   PRISM_TIMEOUT  seconds to wait for readiness (default 60; Stripe's 4 MB doc needs minutes)
#   PRISM_LOG      log file for `start` (default $CACHE/prism-logs/prism-PORT.log)
set -euo pipefail

PRISM_VERSION=${PRISM_VERSION:-5.16.0}
CACHE=${CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rocketchat-codegen}
PRISM_TIMEOUT=${PRISM_TIMEOUT:-60}
DIR="$CACHE/prism-$PRISM_VERSION"
BIN="$DIR/node_modules/@stoplight/prism-cli/dist/index.js"

die() { echo "prism.sh: $*" >&2; exit 1; }

installed_version() {
    [ -f "$DIR/node_modules/@stoplight/prism-cli/package.json" ] || return 1
    node -p 'require(process.argv[1]).version' "$DIR/node_modules/@stoplight/prism-cli/package.json" 2>/dev/null
}

install() {
    command -v node >/dev/null || die "node is not installed (apt-get install nodejs npm)"
    command -v npm >/dev/null || die "npm is not installed"
    if [ "$(installed_version || true)" = "$PRISM_VERSION" ] && [ -f "$BIN" ]; then
        return 0
    fi
    mkdir -p "$CACHE"
    local tmp
    tmp=$(mktemp -d "$CACHE/.prism-install.XXXXXX")
    echo "prism.sh: installing @stoplight/prism-cli@$PRISM_VERSION into $DIR" >&2
    # --ignore-scripts: no install script is needed (the only one is a telemetry ping).
    # prism-cli 5.16 declares engines.node >=24.18 but runs on node 20 (npm only warns).
    if ! npm install --prefix "$tmp" --no-audit --no-fund --ignore-scripts --loglevel=error \
            "@stoplight/prism-cli@$PRISM_VERSION" >"$tmp/npm.log" 2>&1; then
        cat "$tmp/npm.log" >&2
        rm -rf "$tmp"
        die "npm install of @stoplight/prism-cli@$PRISM_VERSION failed"
    fi
    rm -rf "$DIR"
    mv "$tmp" "$DIR"
    [ "$(installed_version)" = "$PRISM_VERSION" ] || die "installed version is not $PRISM_VERSION"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
    [ $# -ge 2 ] || die "usage: prism.sh start DOC PORT [prism mock flags...]"
    local doc=$1 port=$2; shift 2
    [ -f "$doc" ] || die "no such document: $doc"
    [[ "$port" =~ ^[0-9]+$ ]] || die "PORT must be a number: $port"
    install
    if port_open "$port"; then die "port $port on 127.0.0.1 is already in use"; fi
    local log=${PRISM_LOG:-$CACHE/prism-logs/prism-$port.log}
    mkdir -p "$(dirname "$log")"
    : >"$log"
    # -m false: one process, so the PID printed is the server's.
    nohup node "$BIN" mock -h 127.0.0.1 -p "$port" -m false "$@" "$doc" >"$log" 2>&1 </dev/null &
    local pid=$! deadline=$((SECONDS + PRISM_TIMEOUT))
    while :; do
        if grep -q 'Prism is listening on' "$log" && port_open "$port"; then
            echo "prism.sh: Prism $PRISM_VERSION ready on http://127.0.0.1:$port (pid $pid, log $log)" >&2
            echo "$pid"
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            local rc=0; wait "$pid" || rc=$?
            local reason
            reason=$(grep -m1 -E 'fatal|Error|error' "$log" | sed 's/^\[[^]]*\] › //' || true)
            echo "prism.sh: Prism exited (status $rc) before listening: ${reason:-see log}" >&2
            grep -q 'Error downloading' "$log" &&
                echo "prism.sh: hint: Prism resolves every \"\$ref\" key, even inside examples; try: prism.sh sanitize DOC OUT.json" >&2
            echo "---- last lines of $log ----" >&2
            grep -v -E '^ {10,}|^\s*(--|-[a-z],|Options:|Positionals:|document |prism mock|Start a mock)' "$log" | tail -n 20 >&2
            return 1
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            kill "$pid" 2>/dev/null || true
            echo "prism.sh: Prism did not listen on port $port within ${PRISM_TIMEOUT}s (killed pid $pid; raise PRISM_TIMEOUT for large documents)" >&2
            echo "---- last lines of $log ----" >&2
            tail -n 20 "$log" >&2
            return 1
        fi
        sleep 0.2
    done
}

stop() {
    [ $# -eq 1 ] && [[ "$1" =~ ^[0-9]+$ ]] || die "usage: prism.sh stop PID"
    local pid=$1
    kill -0 "$pid" 2>/dev/null || { echo "prism.sh: pid $pid is not running" >&2; return 0; }
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'prism-cli' || die "pid $pid is not a Prism process"
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
}

sanitize() {
    [ $# -eq 2 ] || die "usage: prism.sh sanitize IN OUT.json"
    install
    NODE_PATH="$DIR/node_modules" node - "$1" "$2" <<'JS'
const fs = require('fs'), yaml = require('js-yaml');
const [src, dst] = process.argv.slice(2);
const text = fs.readFileSync(src, 'utf8');
let doc; try { doc = JSON.parse(text); } catch (_) { doc = yaml.safeLoad ? yaml.safeLoad(text) : yaml.load(text); }
let n = 0;
const scrub = (o) => {
  if (Array.isArray(o)) { o.forEach(scrub); return; }
  if (o && typeof o === 'object') {
    if (typeof o.$ref === 'string') { o['x-example-ref'] = o.$ref; delete o.$ref; n++; }
    Object.values(o).forEach(scrub);
  }
};
const walk = (o) => {
  if (Array.isArray(o)) { o.forEach(walk); return; }
  if (!o || typeof o !== 'object') return;
  for (const [k, v] of Object.entries(o)) {
    if (k === 'example' || k === 'x-example') scrub(v);
    else if ((k === 'examples' || k === 'x-examples') && v && typeof v === 'object' && !Array.isArray(v)) {
      for (const ex of Object.values(v)) {
        if (ex && typeof ex === 'object' && 'value' in ex) scrub(ex.value);
        else if (ex && typeof ex === 'object' && !('$ref' in ex)) scrub(ex); // Swagger 2: mime -> value
      }
    } else walk(v);
  }
};
walk(doc);
fs.writeFileSync(dst, JSON.stringify(doc));
console.error(`prism.sh: renamed ${n} "$ref" key(s) inside examples; wrote ${dst}`);
JS
}

cmd=${1:-}; shift || true
case "$cmd" in
    install) install; echo "$BIN" ;;
    start) start "$@" ;;
    stop) stop "$@" ;;
    sanitize) sanitize "$@" ;;
    *) die "usage: prism.sh install | start DOC PORT [FLAGS] | stop PID | sanitize IN OUT.json" ;;
esac

#!/usr/bin/env bash
# Fails when a workspace member declares a dependency its Rust sources never name.
# A dependency counts as used when some `.rs` file of the member (src/, tests/,
# benches/, examples/, build.rs) writes `name::`, `use name` or `extern crate name`
# (dashes read as underscores). A dependency kept only for its features is listed
# under `[package.metadata.cargo-machete] ignored = ["name"]`, the key cargo-machete
# reads, so either tool can be used.
#
# Usage: scripts/unused-deps.sh [MEMBER_DIR...]   (default: every workspace member)
# Exit:  0 when every declared dependency is used; 1 naming each unused one.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then
  members=("$@")
else
  mapfile -t members < <(sed -n 's/^members *= *\[\(.*\)\]/\1/p' Cargo.toml | tr ',' '\n' | tr -d ' "' | sed '/^$/d')
fi
failed=0
for member in "${members[@]}"; do
  manifest="$member/Cargo.toml"
  [ -f "$manifest" ] || { echo "unused-deps: no $manifest"; failed=1; continue; }
  # Keys of the dependency tables: `name = ...` lines up to the next table header.
  deps=$(awk '
    /^\[/ { in_deps = ($0 ~ /^\[(dev-|build-)?dependencies\]$/); next }
    in_deps && /^[A-Za-z0-9_-]+[ .]*=/ { sub(/[ .=].*/, ""); print }
  ' "$manifest" | sort -u)
  ignored=$(awk '
    /^\[/ { in_meta = ($0 == "[package.metadata.cargo-machete]"); next }
    in_meta && /^ignored/ { print }
  ' "$manifest" | grep -o '"[^"]*"' | tr -d '"' || true)
  sources=$(find "$member" \( -path "$member/target" -o -path "$member/tests/snapshots" \) -prune -o -name '*.rs' -print)
  for dep in $deps; do
    if grep -qx "$dep" <<<"$ignored"; then continue; fi
    name=${dep//-/_}
    if [ -z "$sources" ] || ! grep -qE "(\b|^)${name}::|use +${name}\b|extern +crate +${name}\b" $sources; then
      echo "unused-deps: $manifest declares \`$dep\`, but no source file of $member uses it; remove it (or list it under [package.metadata.cargo-machete] ignored if it is kept for its features)"
      failed=1
    fi
  done
done
[ "$failed" = 0 ] && echo "unused-deps: every declared dependency is used (${members[*]})"
exit "$failed"

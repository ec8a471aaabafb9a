#!/usr/bin/env bash
# Builds kustomize at the version pinned in go.mod/go.sum (once; cached by their hash) and prints
# the binary's path. Needs Go and the Go module proxy; nothing else.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${ZG_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/zapgate}"
key="$(cat "$here/go.mod" "$here/go.sum" | sha256sum | cut -c1-16)"
bin="$cache/kustomize-$key"
if [ ! -x "$bin" ]; then
  mkdir -p "$cache"
  # a private temp name: parallel test workers may build at the same time; mv is atomic
  tmp="$bin.$$.tmp"
  (cd "$here" && GOFLAGS=-mod=readonly go build -trimpath -o "$tmp" sigs.k8s.io/kustomize/kustomize/v5 && mv -f "$tmp" "$bin") >&2
fi
echo "$bin"

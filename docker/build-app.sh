#!/usr/bin/env bash
# The image recipe, outside Docker too (CI runs it): builds the sources (dev dependencies needed)
# and lays out OUT with the build, the launcher and production dependencies only.
#   docker/build-app.sh APP OUT      APP: a key of docker/apps.json
set -euo pipefail
app="${1:?usage: build-app.sh APP OUT}"
out="${2:?usage: build-app.sh APP OUT}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
node -e "const a=require('./docker/apps.json'); if(!a[process.argv[1]]) { console.error('unknown app ' + process.argv[1] + '; one of: ' + Object.keys(a).join(', ')); process.exit(2) }" "$app"

npm run build --silent
mkdir -p "$out/docker"
cp -r dist package.json package-lock.json "$out/"
cp docker/apps.json docker/start.mjs docker/healthcheck.mjs "$out/docker/"
echo "$app" > "$out/docker/APP"
cd "$out"
npm ci --omit=dev --ignore-scripts --no-audit --no-fund
# scripts are off above: zapgate's patch of Baileys (the delivery receipt waits for the event's
# durable publish, docs/architecture.md) is applied here, and fails the build if it no longer applies
node "$root/tools/patches/baileys-receipt-hook.mjs" "$out"

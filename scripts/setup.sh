#!/usr/bin/env bash
# `npm run setup`: everything Spinway needs on a fresh machine, idempotent and safe to re-run.
# Server binaries go to $SPINWAY_TOOLS_DIR (default ~/.cache/spinway/tools), outside the clone,
# keyed by version, so a fresh clone on the same machine reuses them.
source "$(dirname "$0")/setup/lib.sh"
cd "$REPO_DIR"
started=$SECONDS

step "npm dependencies"
need node "Install Node.js 20 (Debian: apt-get install nodejs npm)."
if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  info "node_modules is up to date with package-lock.json"
else
  npm ci --no-audit --no-fund
fi

bash scripts/setup/temporal-cli.sh
bash scripts/setup/minio.sh
bash scripts/setup/temporal-test-server.sh
bash scripts/setup/postgres.sh
bash scripts/setup/chromium.sh

step "Prisma client"
npx prisma generate >/dev/null
info "generated prisma/generated (driver adapter client, no native engine)"

step "done in $((SECONDS - started)) s (tools in $SPINWAY_TOOLS_DIR)"

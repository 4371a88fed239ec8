#!/usr/bin/env bash
# npm start: install what is missing, build the web app, and serve the dashboard on http://127.0.0.1:8787
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_pnpm
install_dependencies
say "Building the web app and the server"
"${PNPM[@]}" run build >&2
# The server runs in apps/bff: resolve DATA_DIR (default ./data) against the repository root first.
export DATA_DIR="$(realpath -m "${DATA_DIR:-data}")"
say "Starting the dashboard (data in $DATA_DIR)"
exec "${PNPM[@]}" --silent --filter @secdns/bff start

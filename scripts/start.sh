#!/usr/bin/env bash
# npm start: install what is missing, build what is out of date, and serve the dashboard on http://127.0.0.1:8787.
# The last step execs node on the built server: a supervisor's SIGTERM (or Ctrl-C) reaches the server itself, which
# closes and frees the port (pnpm, in between before, did not pass the signal on).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_pnpm

# pnpm copies the lockfile it installed to node_modules/.pnpm/lock.yaml: the same lockfile, and no manifest changed
# since (.modules.yaml is rewritten by every install), means there is nothing to install.
dependencies_current() {
  [ -f node_modules/.modules.yaml ] && cmp -s pnpm-lock.yaml node_modules/.pnpm/lock.yaml &&
    [ -z "$(find package.json pnpm-workspace.yaml apps/*/package.json packages/*/package.json e2e/package.json \
      -newer node_modules/.modules.yaml -print -quit)" ]
}

# The build is current when its outputs exist and no input changed since the last build by this script began: any
# file or directory (a file deleted changes its directory's time) of the workspace's sources or manifests newer than
# the stamp. apps/web and apps/bff themselves are left out: the build creates their dist/ in them.
BUILD_STAMP=node_modules/.secdns-build-stamp
build_current() {
  [ -f "$BUILD_STAMP" ] && [ -f apps/web/dist/index.html ] && [ -f apps/bff/dist/server.mjs ] &&
    [ -f apps/bff/dist/backup.mjs ] &&
    [ -z "$(find package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.base.json apps packages \
      \( -name node_modules -o -name dist \) -prune -o \
      -newer "$BUILD_STAMP" ! -path apps/web ! -path apps/bff -print -quit)" ]
}

if dependencies_current; then
  say "Dependencies up to date"
else
  install_dependencies
fi
if build_current; then
  say "Web app and server up to date (pnpm build skipped)"
else
  say "Building the web app and the server"
  rm -f "$BUILD_STAMP"
  # Its time is the build's start: a source saved during the build is newer than the stamp, so built again next time.
  touch "$BUILD_STAMP.started"
  "${PNPM[@]}" run build >&2
  mv "$BUILD_STAMP.started" "$BUILD_STAMP"
fi

# A relative DATA_DIR is the repository root's (the server resolves it the same way; here for the message).
export DATA_DIR="$(realpath -m "${DATA_DIR:-data}")"
say "Starting the dashboard (data in $DATA_DIR)"
# The server's Node flags are apps/bff/package.json's "start" (ADR 007): `node <flags> dist/server.mjs`.
read -ra start <<<"$(node -p 'require("./apps/bff/package.json").scripts.start')"
if [ "${start[0]}" != node ] || [ "${start[${#start[@]}-1]}" != dist/server.mjs ]; then
  echo "apps/bff/package.json \"start\" is not \"node <flags> dist/server.mjs\": ${start[*]}" >&2
  exit 1
fi
exec node "${start[@]:1:${#start[@]}-2}" apps/bff/dist/server.mjs

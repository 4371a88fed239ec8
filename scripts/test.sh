#!/usr/bin/env bash
# npm test: every suite (contract, sandbox, BFF, web unit, typecheck, browser), then one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
set -e
ensure_pnpm
install_dependencies
ensure_chromium
ensure_config_checkers
set +e

reports=$(mktemp -d)
status=0
run_suite() { # name, then the command; the command writes a JSON report to $reports/<name>.json
  local name=$1; shift
  say "Suite: $name"
  if ! "$@"; then status=1; echo "suite $name failed" >&2; fi
  [ -s "$reports/$name.json" ] || echo "{\"crashed\": \"$name\"}" > "$reports/$name.json"
}
vitest_suite() { # name, package dir
  run_suite "$1" "${PNPM[@]}" -C "$2" exec vitest run --reporter=default --reporter=json --outputFile.json="$reports/$1.json"
}
check() { # name, then the command: a check counts as one test
  local name=$1; shift
  say "Check: $name"
  if "$@"; then echo '{"checks": {"passed": 1, "failed": 0}}' > "$reports/$name.json"
  else status=1; echo '{"checks": {"passed": 0, "failed": 1}}' > "$reports/$name.json"; fi
}

check typecheck "${PNPM[@]}" -r --no-bail typecheck
vitest_suite api-types packages/api-types
vitest_suite sandbox packages/sandbox
vitest_suite bff apps/bff
vitest_suite web apps/web
check build "${PNPM[@]}" run build
check bundle-budget node apps/web/scripts/bundle-budget.mjs
if [ -f e2e/playwright.config.ts ]; then
  run_suite e2e env PLAYWRIGHT_JSON_OUTPUT_NAME="$reports/e2e.json" "${PNPM[@]}" -C e2e exec playwright test --reporter=list,json
fi

node scripts/summarize-tests.mjs "$reports" || status=1
rm -rf "$reports"
exit $status

# Shared by scripts/start.sh and scripts/test.sh: make sure the machine has what the product needs.
PNPM_VERSION=10.34.9

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

check_node() {
  if ! command -v node >/dev/null 2>&1; then
    echo "Node.js 20.19 or newer is required: https://nodejs.org/" >&2; exit 1
  fi
  local major minor
  major=$(node -p 'process.versions.node.split(".")[0]'); minor=$(node -p 'process.versions.node.split(".")[1]')
  if [ "$major" -lt 20 ] || { [ "$major" -eq 20 ] && [ "$minor" -lt 19 ]; }; then
    echo "Node.js $(node --version) is too old: Vite 8 needs 20.19 or newer." >&2; exit 1
  fi
}

# Sets PNPM to a command that runs pnpm $PNPM_VERSION (installing it globally when possible).
ensure_pnpm() {
  check_node
  if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$PNPM_VERSION" ]; then
    PNPM=(pnpm); return
  fi
  say "Installing pnpm $PNPM_VERSION"
  if npm install -g "pnpm@$PNPM_VERSION" >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$PNPM_VERSION" ]; then
    PNPM=(pnpm); return
  fi
  # No permission for a global install: run it through npx instead.
  PNPM=(npx --yes "pnpm@$PNPM_VERSION")
}

install_dependencies() {
  say "Installing dependencies (pnpm install)"
  "${PNPM[@]}" install --frozen-lockfile --reporter=append-only 2>&1 | grep -v '^Progress' >&2
}

# Sets CHROMIUM_PATH to Debian's Chromium, installing it when missing and we are root.
ensure_chromium() {
  if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then return; fi
  if [ -x /usr/bin/chromium ]; then export CHROMIUM_PATH=/usr/bin/chromium; return; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "Installing Debian's Chromium for the browser tests (apt-get install chromium)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null
    export CHROMIUM_PATH=/usr/bin/chromium; return
  fi
  cat >&2 <<MSG
The browser tests need Chromium and it is not installed.
Install it as root:   apt-get update && apt-get install -y chromium
or point CHROMIUM_PATH at a Chromium/Chrome binary, then run npm test again.
MSG
  exit 1
}

# The nameservers' own checkers for the zone page's excerpts in the web tests: BIND's named-checkconf (Debian's
# bind9-utils), Knot's knotc (knot) and nsd-checkconf (nsd). The missing ones are installed (one apt-get) when we are
# root; otherwise, or if that fails, their tests say they were skipped. Never fatal. The packages' daemons are not
# needed (a container's policy may refuse to start them; that is fine).
ensure_config_checkers() {
  local packages=()
  command -v named-checkconf >/dev/null 2>&1 || packages+=(bind9-utils)
  command -v knotc >/dev/null 2>&1 || packages+=(knot)
  command -v nsd-checkconf >/dev/null 2>&1 || packages+=(nsd)
  if [ ${#packages[@]} -eq 0 ]; then return 0; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "Installing the nameservers' config checkers for the web tests (apt-get install ${packages[*]})"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get install -y -qq "${packages[@]}" >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null && apt-get install -y -qq "${packages[@]}" >/dev/null; }; } ||
      echo "${packages[*]} could not be installed: those servers' excerpt checks will be skipped" >&2
  fi
  return 0
}

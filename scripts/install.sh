#!/usr/bin/env bash
# Set up skimscan from a fresh clone: a browser when none is found, dependencies, build.
# Shared by README.md, .ci/run and the Dockerfile.
set -euo pipefail
cd "$(dirname "$0")/.."

have_browser() {
  for p in "${SKIMSCAN_CHROME:-}" "${PUPPETEER_EXECUTABLE_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser \
           /usr/bin/google-chrome /usr/bin/google-chrome-stable \
           "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"; do
    [ -n "$p" ] && [ -x "$p" ] && return 0
  done
  return 1
}

if ! have_browser; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "skimscan: no Chrome/Chromium found; installing Debian's chromium" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  else
    echo "skimscan: no Chrome/Chromium found. Install Google Chrome or Chromium, or run" >&2
    echo "  npx @puppeteer/browsers install chrome@stable   and set SKIMSCAN_CHROME to its path" >&2
    exit 1
  fi
fi

# better-sqlite3 (the watch history) is a native addon built from source by node-gyp during
# `npm ci` (package.json "allowScripts" lets its install script run): it needs python3, make, g++.
if ! command -v python3 >/dev/null 2>&1 || ! command -v make >/dev/null 2>&1 || ! command -v g++ >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "skimscan: installing python3, make and g++ to build better-sqlite3" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends python3 make g++ >/dev/null
  else
    echo "skimscan: python3, make and a C++ compiler are needed to build better-sqlite3" >&2
    exit 1
  fi
fi
# node-gyp builds against the running Node's headers; use the ones installed beside it instead of
# downloading them (machines without internet access).
if [ -z "${npm_config_nodedir:-}" ] && [ "$(npm config get nodedir 2>/dev/null || true)" = "undefined" ]; then
  node_prefix="$(dirname "$(dirname "$(command -v node)")")"
  [ -f "$node_prefix/include/node/node_version.h" ] && export npm_config_nodedir="$node_prefix"
fi

# xmllint (libxml2-utils) validates the JUnit XML report against its XSD in the tests
# (SKIMSCAN_RUNTIME_ONLY=1, as in the Dockerfile, skips it).
if [ -z "${SKIMSCAN_RUNTIME_ONLY:-}" ] && ! command -v xmllint >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "skimscan: installing libxml2-utils (xmllint) for the report tests" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libxml2-utils >/dev/null
  else
    echo "skimscan: xmllint not found; install libxml2 (xmllint) to run the JUnit report tests" >&2
  fi
fi

# redis-server runs the queue tests (`enqueue`/`worker`/`collect`, started by the test harness on
# a free loopback port; under CI they fail without it). Not needed at runtime (SKIMSCAN_RUNTIME_ONLY=1).
if [ -z "${SKIMSCAN_RUNTIME_ONLY:-}" ] && ! command -v redis-server >/dev/null 2>&1 && [ ! -x /usr/bin/redis-server ]; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "skimscan: installing redis-server for the queue tests" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends redis-server >/dev/null
  else
    echo "skimscan: redis-server not found; install Redis to run the queue tests" >&2
  fi
fi

npm ci --no-audit --no-fund
npm run build

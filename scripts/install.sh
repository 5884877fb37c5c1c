#!/usr/bin/env bash
# Set up skimscan from a fresh clone: a browser when none is found, dependencies, build.
# Shared by README.md and .ci/run.
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

# xmllint (libxml2-utils) validates the JUnit XML report against its XSD in the tests.
if ! command -v xmllint >/dev/null 2>&1; then
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

npm ci --no-audit --no-fund
npm run build

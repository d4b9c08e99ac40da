#!/usr/bin/env bash
# Makes sure the system packages the end-to-end tests need are present: /usr/bin/chromium for
# playwright-core (e2e/fixtures/browser.ts) and bubblewrap (/usr/bin/bwrap) for hosted sessions'
# sandbox (packages/hub/src/hosted). Idempotent and fast when already installed.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
BWRAP=/usr/bin/bwrap

# Debian package names of what is missing.
MISSING=()
[ -x "$CHROMIUM" ] || MISSING+=(chromium)
[ -x "$BWRAP" ] || MISSING+=(bubblewrap)
if [ ${#MISSING[@]} -eq 0 ]; then
  exit 0
fi

fail() {
  echo "ensure-test-deps: $1" >&2
  echo "ensure-test-deps: install it by hand (Debian: apt-get install -y ${MISSING[*]}) and retry." >&2
  exit 1
}

if ! command -v apt-get >/dev/null 2>&1; then
  fail "${MISSING[*]} missing and apt-get is not available."
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    fail "${MISSING[*]} missing and installing needs root (no password-less sudo)."
  fi
fi

echo "ensure-test-deps: installing ${MISSING[*]} with apt-get..." >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || fail "apt-get update failed."
$SUDO apt-get install -y -qq --no-install-recommends "${MISSING[@]}" || fail "apt-get install ${MISSING[*]} failed."

[ -x "$CHROMIUM" ] || fail "chromium was installed but $CHROMIUM does not exist."
[ -x "$BWRAP" ] || fail "bubblewrap was installed but $BWRAP does not exist."
echo "ensure-test-deps: installed ${MISSING[*]}" >&2

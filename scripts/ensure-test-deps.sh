#!/usr/bin/env bash
# Makes sure the system packages the end-to-end tests need are present (today: /usr/bin/chromium
# for playwright-core, see e2e/fixtures/browser.ts). Idempotent and fast when already installed.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

fail() {
  echo "ensure-test-deps: $1" >&2
  echo "ensure-test-deps: install it by hand (Debian: apt-get install -y chromium) and retry." >&2
  exit 1
}

if ! command -v apt-get >/dev/null 2>&1; then
  fail "$CHROMIUM is missing and apt-get is not available."
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    fail "$CHROMIUM is missing and installing it needs root (no password-less sudo)."
  fi
fi

echo "ensure-test-deps: $CHROMIUM missing, installing chromium with apt-get..." >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || fail "apt-get update failed."
$SUDO apt-get install -y -qq --no-install-recommends chromium || fail "apt-get install chromium failed."

[ -x "$CHROMIUM" ] || fail "chromium was installed but $CHROMIUM does not exist."
echo "ensure-test-deps: chromium installed: $("$CHROMIUM" --version 2>/dev/null || echo unknown version)" >&2

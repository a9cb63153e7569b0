#!/usr/bin/env bash
# Chromium and CJK fonts for the browser tests (tests/browser, driven by playwright-core).
# Debian's package, not Playwright's own browser download (its host is out of reach here).
# Not needed by `npm start`.
source "$(dirname "$0")/lib.sh"
step "Chromium (for browser tests)"
CHROMIUM_BIN="${CHROMIUM_BIN:-/usr/bin/chromium}"
have_fonts() { command -v fc-list >/dev/null 2>&1 && fc-list ':lang=zh' family 2>/dev/null | grep -qi 'noto'; }
if [ -x "$CHROMIUM_BIN" ] && have_fonts; then
  info "found $("$CHROMIUM_BIN" --version 2>/dev/null | head -n1) and Noto CJK fonts"; exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  info "SKIPPED: Chromium ($CHROMIUM_BIN) or the Noto CJK fonts are missing and this is not root."
  info "The browser tests (tests/browser) will fail until you install them: sudo apt-get install chromium fonts-noto-cjk"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  info "SKIPPED: no apt-get; install Chromium (at $CHROMIUM_BIN) and CJK fonts yourself for the browser tests"; exit 0
fi
info "installing Debian's chromium and fonts-noto-cjk packages"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
[ -x "$CHROMIUM_BIN" ] || fail "chromium was installed but $CHROMIUM_BIN is missing."
info "installed $("$CHROMIUM_BIN" --version 2>/dev/null | head -n1)"

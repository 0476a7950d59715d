#!/usr/bin/env bash
# The Electron smoke test (test/electron): a real binary, a real display (xvfb on Linux) and the throwaway
# keyring, unlocked before the display exists so no unlock prompt can hang. Needs apt xvfb xauth.
set -eu
cd "$(dirname "$0")/.."
export LANG=en_US.UTF-8 LANGUAGE=en_US HUB_KEYRING_KEEP_DISPLAY=1
if [ "$(uname)" = Linux ] && [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s '-screen 0 1280x800x24' bash scripts/with-keyring.sh npx playwright test -c test/electron/playwright.config.ts "$@"
fi
exec bash scripts/with-keyring.sh npx playwright test -c test/electron/playwright.config.ts "$@"

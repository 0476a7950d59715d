#!/usr/bin/env bash
# The whole suite, as CI runs it: typecheck, lint, format, build, then vitest and
# Playwright inside a throwaway keyring. Ends with one line "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
if [ -z "${HUB_TEST_KEYRING:-}" ]; then exec bash scripts/with-keyring.sh bash scripts/test.sh "$@"; fi

mkdir -p .tmp
rm -f .tmp/vitest.json .tmp/electron.json .tmp/playwright.json
failed_checks=()
run() {
  echo "== $*"
  "$@" || failed_checks+=("$*")
}

run npm run -s typecheck
run npm run -s lint
run npx prettier --check . --log-level warn
run node scripts/electronegativity.mjs
run node scripts/audit.mjs
run npm run -s build
run npx vitest run --reporter=default --reporter=json --outputFile.json=.tmp/vitest.json
# The built main process under a recording Electron stand-in, and `npm start` on a fresh install.
run npx vitest run -c test/electron-standin/vitest.config.ts --reporter=default --reporter=json --outputFile.json=.tmp/electron.json
run npx playwright test
# A real Electron, where a binary exists: its own step, under xvfb (the skip above says why it did not run here).
if [ -n "$(node -e "try{const d=require('path').dirname(require.resolve('electron/package.json'));const p=require('fs').readFileSync(d+'/path.txt','utf8');if(require('fs').existsSync(d+'/dist/'+p))console.log(1)}catch{}")" ]; then
  run bash scripts/electron-smoke.sh
fi
run npm run -s bench -- --quick

node scripts/count-tests.mjs .tmp/vitest.json .tmp/playwright.json .tmp/electron.json
counted=$?
if [ ${#failed_checks[@]} -gt 0 ]; then
  printf 'Failed: %s\n' "${failed_checks[@]}" >&2
  exit 1
fi
exit $counted

// Sums vitest's and Playwright's JSON reports into the one closing line CI reads.
import { existsSync, readFileSync } from 'node:fs';

const [vitestFile, playwrightFile, ...moreVitestFiles] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];

for (const file of [vitestFile, ...moreVitestFiles]) {
  if (existsSync(file)) {
    const v = JSON.parse(readFileSync(file, 'utf8'));
    passed += v.numPassedTests;
    failed += v.numFailedTests;
    skipped += v.numPendingTests + v.numTodoTests;
    // A file that failed to load has no tests but is still a failure.
    failed += v.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
  } else missing.push(`vitest (${file})`);
}

if (existsSync(playwrightFile)) {
  const s = JSON.parse(readFileSync(playwrightFile, 'utf8')).stats;
  passed += s.expected + s.flaky;
  failed += s.unexpected;
  skipped += s.skipped;
} else missing.push('playwright');

for (const m of missing) {
  console.error(`No ${m} report was written: counting it as a failure.`);
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);

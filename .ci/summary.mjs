// Prints "N passed, N failed[, N skipped]" from vitest's JSON report; exits 1 when any failed or the report is missing.
import { readFileSync } from 'node:fs';

const path = process.argv[2];
let report;
try {
  report = JSON.parse(readFileSync(path, 'utf8'));
} catch (e) {
  console.log(`ci: no test report at ${path} (${e.message}): the test run crashed before reporting`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
// Suites that failed to load count as failures even though they hold no tests.
const brokenFiles = report.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
const passed = report.numPassedTests;
const failed = report.numFailedTests + brokenFiles;
const skipped = report.numPendingTests + report.numTodoTests;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);

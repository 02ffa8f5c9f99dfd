import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';

const script = resolve(import.meta.dirname, '../../.ci/summary.mjs');

function summarise(report: unknown) {
  const file = join(mkdtempSync(join(tmpdir(), 'summary-')), 'r.json');
  if (report !== undefined) writeFileSync(file, JSON.stringify(report));
  const r = spawnSync(process.execPath, [script, file], { encoding: 'utf8' });
  return { line: r.stdout.trim().split('\n').pop(), status: r.status };
}

const file = (status: string, tests: number) => ({ status, assertionResults: Array(tests).fill({}) });

it('prints passed, failed and skipped from vitest JSON, exit 0 when green', () => {
  expect(summarise({ numPassedTests: 7, numFailedTests: 0, numPendingTests: 2, numTodoTests: 0, testResults: [file('passed', 9)] }))
    .toEqual({ line: '7 passed, 0 failed, 2 skipped', status: 0 });
});

it('counts a test file that failed to load as a failure', () => {
  expect(summarise({ numPassedTests: 3, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0, testResults: [file('passed', 3), file('failed', 0)] }))
    .toEqual({ line: '3 passed, 1 failed', status: 1 });
});

it('fails when the report is missing', () => {
  expect(summarise(undefined)).toEqual({ line: '0 passed, 1 failed', status: 1 });
});

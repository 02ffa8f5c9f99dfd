import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/fuzz.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });

it('rectify-fuzz runs seeded calls against the oracle and says so, with progress on stderr', () => {
  const r = run('--backend', 'js', '--runs', '300', '--seed', '42', '--max-length', '5000');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^fuzz js: 300 calls match the oracle \(seed 42\) in [\d.]+ s$/m);
  expect(r.stderr).toMatch(/js: 300 of 300 calls/);
});

it('rectify-fuzz refuses bad arguments with exit 2 and what to do', () => {
  for (const [args, message] of [
    [['--runs', '0'], /--runs must be a positive integer/],
    [['--max-length=-1'], /--max-length must be/],
    [['--nope'], /Unknown option '--nope'.*--help/],
  ] as const) {
    const r = run(...args);
    expect(r.status, args.join(' ')).toBe(2);
    expect(r.stderr).toMatch(message);
  }
  expect(run('--help').stdout).toContain('Usage: rectify-fuzz');
});

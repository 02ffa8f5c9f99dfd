import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { OPS } from '@rectify/core';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/exhaustive.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('rectify-exhaustive', () => {
  it('sweeps a range through every op and reports a match, with progress on stderr', () => {
    // Around +Inf: the largest finite floats, +Inf and the first NaN payloads (0x7f7ffe00..0x7f800600).
    const r = run('--backend', 'js', '--start', String(0x7f7ffe00), '--end', String(0x7f800600), '--chunk', '500');
    expect(r.status).toBe(0);
    const swept = OPS.filter((op) => op.result === 'array' && op.dtypes.includes('float32')).map((op) => op.name);
    expect(swept).toEqual(expect.arrayContaining(['relu', 'clippedRelu', 'leakyRelu', 'reluGrad']));
    for (const op of swept) expect(r.stdout).toContain(`${op}: 2048 patterns`);
    expect(r.stdout).toContain('exhaustive js: all patterns match the oracle');
    expect(r.stderr).toMatch(/relu: 100\.0%/);
  });

  it('prints its usage for --help, and refuses bad arguments with exit 2 and what to do', () => {
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: rectify-exhaustive');
    for (const [args, message] of [
      [['--bogus'], /Unknown option '--bogus'.*--help/],
      [['--ops', 'relu,gelu'], /unknown op\(s\) gelu/],
      [['--start', '5', '--end', '5'], /0 <= start < end/],
      [['--backend', 'nope'], /cannot load @rectify\/backend-nope/],
    ] as const) {
      const r = run(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    }
  });
});

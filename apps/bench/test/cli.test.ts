/** The built CLI (dist/cli.js, from `npm run build`): bad arguments. The quick run is in readme.test.ts. */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { BENCH_OPS } from '../src/plan.js';

const here = resolve(import.meta.dirname, '..');
const run = promisify(execFile);

async function cli(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['dist/cli.js', ...args], { cwd: here, timeout: 30_000 });
    return { status: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { status: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const cases: [string[], RegExp][] = [
  [['--sizes', '12Q'], /--sizes: bad size '12Q'.*K \(×1024\) or M/],
  [['--sizes', '1K,0'], /--sizes: bad size '0'/],
  [['--sizes', '1G'], /bad size '1G'/],
  [['--backends', 'js,cuda'], /--backends: unknown 'cuda'; valid: js, wasm, webgpu/],
  [['--backends', 'js,'], /--backends: unknown an empty entry; valid: js, wasm, webgpu/],
  [['--references', 'tfjs-node'], /--references: unknown 'tfjs-node'; valid: tfjs-cpu, tfjs-wasm, ort-wasm/],
  [['--ops', 'relu,gelu'], new RegExp(`--ops: unknown 'gelu'; valid: ${BENCH_OPS.join(', ')} \\(comma-separated\\)`)],
  [['--ops', 'stats'], /--ops: 'stats' is not benchmarked \(it returns stats, not an array like x\); valid: relu, /],
  [['--channels', '0'], /--channels: '0' is not a channel count; use positive integers/],
  [['--ops', 'prelu', '--sizes', '1000'], /--channels: 64 channels do not divide size 1000/],
  [['--dtypes', 'bfloat16'], /--dtypes: unknown 'bfloat16'; valid: float32, float64, float16, int32, int8/],
  [['--budget', '0'], /--budget: '0' is not a positive number/],
  [['--budget', 'fast'], /--budget: 'fast' is not a positive number/],
  [['--seed', '1.5'], /--seed: '1.5' is not a non-negative integer/],
  [['--frobnicate'], /Unknown option '--frobnicate'[\s\S]*Valid options: --backends/],
  [['stray'], /Unexpected argument 'stray'|positional/i],
  [['--sizes'], /--sizes.*argument missing/],
];

describe('argument errors exit 2 and say what is valid', () => {
  // Spawned all at once: each is a separate Node process that exits before measuring anything.
  let results: Awaited<ReturnType<typeof cli>>[];
  beforeAll(async () => {
    results = await Promise.all(cases.map(([args]) => cli(args)));
  }, 60_000);

  it.each(cases.map(([args, message], i) => [args.join(' '), message, i] as const))('%s', (_args, message, i) => {
    const r = results[i];
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('Run rectify-bench --help');
    expect(r.stdout).toBe('');
  });

  it('--help prints the usage and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: rectify-bench/);
    expect(r.stdout).toContain('--json FILE');
  });
});

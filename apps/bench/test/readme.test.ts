import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runReadmeExample } from '../../../tools/readme-example.js';
import { BenchReportSchema } from '../src/schema.js';

const here = resolve(import.meta.dirname, '..');

/** The README's `npx rectify-bench --quick ...` line, as arguments. */
function quickCommand(): string[] {
  const readme = readFileSync(join(here, 'README.md'), 'utf8');
  const line = readme.split('\n').find((l) => l.startsWith('npx rectify-bench --quick'));
  if (!line) throw new Error('README.md has no `npx rectify-bench --quick` line');
  return line.replace(/#.*$/, '').trim().split(/\s+/).slice(2);
}

describe('README', () => {
  it('library example prints what it says, from the workspace', () => {
    const { printed, promised } = runReadmeExample(here);
    expect(promised.length).toBe(3);
    expect(printed).toEqual(promised);
  });

  const dir = mkdtempSync(join(tmpdir(), 'rectify-bench-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('quick command runs: a table on stdout and a report that fits the schema', () => {
    const args = quickCommand();
    expect(args).toContain('--json');
    const file = join(dir, 'nested', 'bench.json');
    args[args.indexOf('--json') + 1] = file;
    const r = spawnSync(process.execPath, ['dist/cli.js', ...args, '--no-progress'], { cwd: here, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toContain(`wrote ${file}`);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/relu float32: per call/);
    const report = BenchReportSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(report.machine.runtime).toBe('node');
    expect(report.wrong).toEqual([]);
    expect([...new Set(report.records.map((x) => x.size))]).toEqual([1024, 65536]);
    for (const size of [1024, 65536]) {
      const cell = report.records.filter((x) => x.size === size);
      expect(cell.map((x) => `${x.backend} ${x.mode}`)).toEqual(expect.arrayContaining(['copy resident', 'copy roundtrip', 'js resident', 'js roundtrip']));
      for (const c of cell.filter((x) => x.backend === 'copy')) expect(c.vsCopy).toBeCloseTo(1, 9);
      for (const x of cell.filter((x) => x.backend === 'js')) {
        expect(x.verified).toBe(true);
        expect(x.gbps).toBeCloseTo((2 * size * 4) / x.medianNs, 9);
        expect(x.minNs).toBeLessThanOrEqual(x.medianNs);
        expect(x.maxNs).toBeGreaterThanOrEqual(x.medianNs);
      }
    }
    // Every peer either ran (and js is compared with it) or is listed with why it could not.
    for (const peer of ['tfjs-cpu', 'tfjs-wasm', 'ort-wasm']) {
      const ran = report.records.some((x) => x.backend === peer);
      expect(ran || report.unavailable.some((u) => u.backend === peer), peer).toBe(true);
      if (ran) expect(report.records.find((x) => x.backend === 'js' && x.mode === 'resident')!.vsPeers[peer]).toBeGreaterThan(0);
    }
    // Only js was asked for.
    expect(report.records.some((x) => x.backend === 'wasm' || x.backend === 'webgpu')).toBe(false);
  }, 60_000);
});

import { BENCH_OPS, DEFAULT_OPS, defaultBudget, quickBudget, runBench } from '@rectify/bench';
import { createBackend } from '@rectify/backend-js';
import { describe, expect, it } from 'vitest';
import { BROWSER_MIN_SAMPLE_MS, BROWSER_SIZES, QUICK_BROWSER_SIZES, browserPlan } from '../src/bench/plan.ts';
import { subjectsFor } from '../src/bench/subjects.ts';
import { browserReport } from '../src/data/export.ts';
import { parseReportText } from '../src/data/parse.ts';
import { buildChartData } from '../src/data/series.ts';

const machine = { runtime: 'browser' as const, cpu: 'UA', cores: 2, runtimeVersion: 'UA', platform: 'Linux', gpu: null };

describe('browser benchmark plan', () => {
  it('covers 1K to 16M on a log scale, and a quick plan of three small sizes', () => {
    expect(BROWSER_SIZES[0]).toBe(1024);
    expect(BROWSER_SIZES.at(-1)).toBe(16 * 1024 * 1024);
    expect(BROWSER_SIZES.slice(1).map((s, i) => s / BROWSER_SIZES[i])).toEqual(Array(BROWSER_SIZES.length - 1).fill(4));
    expect(browserPlan(true).sizes).toEqual(QUICK_BROWSER_SIZES);
    expect(Math.max(...QUICK_BROWSER_SIZES)).toBeLessThan(Math.min(...browserPlan(false).sizes.filter((s) => s >= 1 << 20)));
    // Every op the benchmark times (core's table); the quick plan only the default.
    expect(browserPlan(false).ops).toEqual(BENCH_OPS);
    expect(browserPlan(true).ops).toEqual(DEFAULT_OPS);
  });

  it('makes every batch long against a browser clock, keeping the rest of the budget', () => {
    for (const quick of [true, false]) {
      const plan = browserPlan(quick);
      const bench = quick ? quickBudget : defaultBudget;
      for (const size of plan.sizes) {
        const b = plan.budget(size);
        expect(b.minSampleMs).toBeGreaterThanOrEqual(BROWSER_MIN_SAMPLE_MS);
        expect(b.budgetMs).toBeGreaterThanOrEqual(bench(size).budgetMs);
        expect({ ...b, minSampleMs: 0, budgetMs: 0 }).toEqual({ ...bench(size), minSampleMs: 0, budgetMs: 0 });
      }
    }
  });
});

describe('subjects', () => {
  it('puts the copy ceiling first and skips unavailable backends', async () => {
    const js = await createBackend();
    const subjects = subjectsFor([
      { name: 'js', available: true, backend: js },
      { name: 'webgpu', available: false, reason: 'no adapter' },
    ]);
    expect(subjects.map((s) => [s.name, s.role])).toEqual([
      ['copy', 'reference'],
      ['js', 'backend'],
    ]);
  });

  it('measures the JS backend against the copy, and the result charts and exports', async () => {
    const js = await createBackend();
    const plan = { ...browserPlan(true), sizes: [256, 4096], budget: () => ({ warmupMs: 0, budgetMs: 2, minSamples: 3, maxSamples: 5, minSampleMs: 0.1 }) };
    const result = await runBench(subjectsFor([{ name: 'js', available: true, backend: js }]), plan);
    expect(result.wrong).toEqual([]);
    const report = browserReport({ result, unavailable: [{ backend: 'webgpu', reason: 'no adapter' }] }, machine, new Date());
    const reread = parseReportText('run.json', JSON.stringify(report));
    expect(reread.ok).toBe(true);
    if (!reread.ok) return;
    const chart = buildChartData([reread.source], { op: 'relu', dtype: 'float32', mode: 'all' });
    expect(chart.sizes).toEqual([256, 4096]);
    expect(chart.series.map((s) => s.label)).toEqual([
      'js resident · run.json (browser, 2 cores)',
      'js roundtrip · run.json (browser, 2 cores)',
      'js roundtrip-out · run.json (browser, 2 cores)',
      'copy ceiling · run.json (browser, 2 cores)',
      'new-array copy · run.json (browser, 2 cores)',
    ]);
    expect(chart.series.every((s) => s.values.every((v) => v !== null && v > 0))).toBe(true);
  });
});

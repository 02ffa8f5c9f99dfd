import { afterEach, describe, expect, it, vi } from 'vitest';
import { seededRandom } from '@rectify/conformance';
import { measureInterleaved, shuffledIndexes, type TimedRun, type TimingBudget } from '../src/timing.js';

const spin = (us: number) => {
  const end = performance.now() + us / 1000;
  while (performance.now() < end);
};

describe('measureInterleaved', () => {
  const budget: TimingBudget = { warmupMs: 1, budgetMs: 5, minSamples: 3, maxSamples: 50, minSampleMs: 0.2 };

  it('times every run, slower runs give longer medians, resets precede every batch and maxReps caps batches', async () => {
    const log: string[] = [];
    const fast: TimedRun = { batch: (n) => { for (let i = 0; i < n; i++) spin(5); } };
    const slow: TimedRun = {
      reset: () => { log.push('reset'); },
      batch: async (n) => {
        log.push(`batch ${n}`);
        for (let i = 0; i < n; i++) spin(50);
      },
      maxReps: 2,
    };
    const [a, b] = await measureInterleaved([fast, slow], budget);
    if (!a.ok || !b.ok) throw new Error('both runs should succeed');
    // Spins end on the wall clock, so a call never takes less than asked; mins are robust to preemption on a busy machine.
    expect(a.timing.minNs).toBeGreaterThanOrEqual(5_000);
    expect(b.timing.minNs).toBeGreaterThanOrEqual(50_000);
    expect(b.timing.minNs).toBeGreaterThan(a.timing.minNs * 3);
    expect(a.timing.medianNs).toBeGreaterThanOrEqual(a.timing.minNs);
    expect(b.timing.samples).toBeGreaterThanOrEqual(3);
    expect(b.reps).toBeLessThanOrEqual(2);
    expect(a.reps).toBeGreaterThan(1); // 5 µs calls batched up to ~0.2 ms
    expect(log.filter((l) => l === 'reset').length).toBe(log.filter((l) => l.startsWith('batch')).length);
    for (let i = 0; i < log.length; i += 2) expect(log[i]).toBe('reset');
    expect(log.filter((l) => l.startsWith('batch')).every((l) => Number(l.split(' ')[1]) <= 2)).toBe(true);
  });

  it('shuffles the order of every round, so no series always follows the same one', async () => {
    const order: number[] = [];
    const runs: TimedRun[] = [0, 1, 2, 3].map((id) => ({ batch: () => void order.push(id) }));
    const tiny: TimingBudget = { warmupMs: 0, budgetMs: 0, minSamples: 12, maxSamples: 12, minSampleMs: 0 };
    const results = await measureInterleaved(runs, tiny, undefined, seededRandom(7));
    expect(results.every((r) => r.ok && r.timing.samples === 12)).toBe(true);
    // Calibration runs each series in turn; the 12 timed rounds follow, each a permutation of 0..3.
    const rounds = Array.from({ length: 12 }, (_, k) => order.slice(order.length - 48 + 4 * k, order.length - 44 + 4 * k).join(''));
    for (const r of rounds) expect([...r].sort().join('')).toBe('0123');
    expect(new Set(rounds).size).toBeGreaterThan(3);
    const predecessorsOf0 = new Set(rounds.map((r) => r[r.indexOf('0') - 1] ?? 'first'));
    expect(predecessorsOf0.size).toBeGreaterThan(1);
  });

  it('shuffledIndexes gives a permutation, seeded', () => {
    expect(shuffledIndexes(0, seededRandom(3))).toEqual([]);
    const p = shuffledIndexes(10, seededRandom(3));
    expect([...p].sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
    expect(shuffledIndexes(10, seededRandom(3))).toEqual(p);
  });

  it('gives a run that throws ok: false and goes on with the others', async () => {
    let calls = 0;
    const flaky: TimedRun = { batch: () => { if (++calls > 3) throw new Error('device lost'); } };
    const [bad, good] = await measureInterleaved([flaky, { batch: () => spin(10) }], budget);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(String(bad.error)).toContain('device lost');
    expect(good.ok).toBe(true);
  });

  it('gives at least minSamples even over budget, and rejects a bad budget', async () => {
    const [r] = await measureInterleaved([{ batch: () => spin(300) }], { ...budget, budgetMs: 0, minSamples: 4 });
    expect(r.ok && r.timing.samples).toBe(4);
    await expect(measureInterleaved([], { ...budget, minSamples: 0 })).rejects.toThrow(RangeError);
  });

  describe('with a coarse clock, as in browsers', () => {
    afterEach(() => vi.restoreAllMocks());
    it('grows batches until the clock resolves them, so no median reads 0', async () => {
      // A fake clock that advances 1 µs per call and is read in 100 µs steps.
      let nowUs = 0;
      vi.spyOn(performance, 'now').mockImplementation(() => Math.floor(nowUs / 100) / 10);
      const run: TimedRun = { batch: (reps) => void (nowUs += reps) };
      const [r] = await measureInterleaved([run], { warmupMs: 0, budgetMs: 0, minSamples: 3, maxSamples: 3, minSampleMs: 1 });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.reps).toBeGreaterThanOrEqual(1000);
      expect(r.reps).toBeLessThan(5000); // sized from a resolved batch, not from a batch that read 0
      expect(r.timing.medianNs).toBeGreaterThan(500);
      expect(r.timing.medianNs).toBeLessThan(2000);
    });
  });
});

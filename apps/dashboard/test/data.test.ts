import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { browserReport, exportFileName } from '../src/data/export.ts';
import { addSource, parseReportText, type ResultSource } from '../src/data/parse.ts';
import { BENCH_OPS, type BenchRecord, type BenchReport } from '@rectify/bench';
import { availableChoices, buildChartData, toAlignedData } from '../src/data/series.ts';

// Written by `rectify-bench --backends js,wasm --references tfjs-cpu --sizes 1K,16K,256K,1M --json FILE`.
const fixtureText = readFileSync(new URL('./fixtures/node-fixture.json', import.meta.url), 'utf8');
const fixture = JSON.parse(fixtureText) as BenchReport;
const machineLabel = `(node ${fixture.machine.runtimeVersion}, ${fixture.machine.cores} cores)`;

function parsed(name: string, text = fixtureText): ResultSource {
  const r = parseReportText(name, text);
  if (!r.ok) throw new Error(r.error);
  return r.source;
}

function record(backend: string, mode: 'resident' | 'roundtrip', size: number, gbps: number, op = 'relu'): BenchRecord {
  return { backend, mode, op, dtype: 'float32', size, medianNs: 1, minNs: 1, maxNs: 1, samples: 3, gbps, vsCopy: 1, vsPeers: {}, verified: true };
}

function report(records: BenchRecord[], runtime: 'node' | 'browser' = 'node'): BenchReport {
  return {
    schemaVersion: 1,
    createdAt: '2025-02-01T00:00:00.000Z',
    machine: { runtime, cpu: 'test', cores: 2, runtimeVersion: 'v20.20.0', platform: 'linux', gpu: null },
    unavailable: [],
    wrong: [],
    records,
  };
}

describe('parseReportText', () => {
  it('accepts a file written by rectify-bench --json and labels it by file and machine', () => {
    const source = parsed('node-fixture.json');
    expect(source.label).toBe(`node-fixture.json ${machineLabel}`);
    expect(source.report).toEqual(fixture);
  });

  it('names the file and says it is not JSON', () => {
    const r = parseReportText('broken.json', '{"schemaVersion": 1,');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^broken\.json: not valid JSON/);
  });

  it('names the file and the fields that do not fit the schema', () => {
    const bad = JSON.parse(fixtureText);
    bad.records[3].gbps = -1;
    delete bad.machine;
    const r = parseReportText('bad.json', JSON.stringify(bad));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toContain('bad.json: not a Rectify benchmark report');
      expect(r.error).toContain('machine:');
      expect(r.error).toContain('records.3.gbps:');
    }
  });

  it('rejects another schema version', () => {
    const r = parseReportText('future.json', JSON.stringify({ ...JSON.parse(fixtureText), schemaVersion: 2 }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('schemaVersion');
  });

  it('caps the issues it lists', () => {
    const r = parseReportText('array.json', JSON.stringify({ schemaVersion: 1, records: [1, 2, 3, 4, 5, 6, 7, 8] }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/and \d+ more\.$/);
  });
});

describe('addSource', () => {
  it('keeps labels unique when the same file is loaded twice', () => {
    let sources = addSource([], parsed('a.json'));
    sources = addSource(sources, parsed('a.json'));
    sources = addSource(sources, parsed('a.json'));
    expect(sources.map((s) => s.label)).toEqual([`a.json ${machineLabel}`, `a.json ${machineLabel} #2`, `a.json ${machineLabel} #3`]);
  });
});

describe('buildChartData', () => {
  it('gives one series per backend and mode, and the two copies as references', () => {
    const data = buildChartData([parsed('f.json')], { op: 'relu', dtype: 'float32', mode: 'all' });
    expect(data.sizes).toEqual([...new Set(fixture.records.map((r) => r.size))].sort((a, b) => a - b));
    const kernels = [...new Set(fixture.records.filter((r) => r.backend !== 'copy').map((r) => `${r.backend} ${r.mode}`))];
    expect(data.series.map((s) => (s.reference ? `copy ${s.mode}` : `${s.backend} ${s.mode}`))).toEqual([...kernels, 'copy resident', 'copy roundtrip']);
    expect(data.series.slice(-2).map((s) => s.label)).toEqual([`copy ceiling · f.json ${machineLabel}`, `new-array copy · f.json ${machineLabel}`]);
    const jsRoundtrip = fixture.records.filter((r) => r.backend === 'js' && r.mode === 'roundtrip').sort((a, b) => a.size - b.size);
    expect(data.series.find((s) => s.backend === 'js' && s.mode === 'roundtrip')!.values).toEqual(jsRoundtrip.map((r) => r.gbps));
  });

  it('filters by mode and keeps the copy that matches it: roundtrip the new-array copy, the others the ceiling', () => {
    const labels = (mode: 'roundtrip' | 'roundtrip-out' | 'resident') =>
      buildChartData([parsed('f.json')], { op: 'relu', dtype: 'float32', mode }).series.map((s) => s.label);
    expect(labels('roundtrip')).toEqual([`js roundtrip · f.json ${machineLabel}`, `wasm roundtrip · f.json ${machineLabel}`, `tfjs-cpu roundtrip · f.json ${machineLabel}`, `new-array copy · f.json ${machineLabel}`]);
    expect(labels('roundtrip-out').at(-1)).toBe(`copy ceiling · f.json ${machineLabel}`);
    expect(labels('resident').filter((l) => l.includes('copy'))).toEqual([`copy ceiling · f.json ${machineLabel}`]);
  });

  it('merges sources on the union of their sizes, with nulls where a source has no point', () => {
    const a: ResultSource = { label: 'a', report: report([record('js', 'roundtrip', 1024, 2), record('copy', 'resident', 1024, 10)]) };
    const b: ResultSource = {
      label: 'b',
      report: report([record('js', 'roundtrip', 4096, 3), record('js', 'roundtrip', 1024, 1.5), record('copy', 'resident', 4096, 12)], 'browser'),
    };
    const data = buildChartData([a, b], { op: 'relu', dtype: 'float32', mode: 'all' });
    expect(data.sizes).toEqual([1024, 4096]);
    expect(data.series.map((s) => [s.label, s.values])).toEqual([
      ['js roundtrip · a', [2, null]],
      ['copy ceiling · a', [10, null]],
      ['js roundtrip · b', [1.5, 3]],
      ['copy ceiling · b', [null, 12]],
    ]);
    expect(toAlignedData(data)).toEqual([[1024, 4096], [2, null], [10, null], [1.5, 3], [null, 12]]);
  });

  it('leaves out points a log axis cannot show, and other ops and dtypes', () => {
    const src: ResultSource = {
      label: 's',
      report: report([record('js', 'roundtrip', 1024, 0), record('js', 'roundtrip', 2048, 4), record('js', 'roundtrip', 2048, 9, 'leakyRelu')]),
    };
    const data = buildChartData([src], { op: 'relu', dtype: 'float32', mode: 'all' });
    expect(data.sizes).toEqual([2048]);
    expect(data.series[0].values).toEqual([4]);
    expect(buildChartData([src], { op: 'relu', dtype: 'int8', mode: 'all' }).series).toEqual([]);
  });

  it("lists the choices present, without the copy pseudo-op, ops in the table's order and unknown ones last", () => {
    const src: ResultSource = {
      label: 's',
      report: report([record('copy', 'resident', 8, 1, 'clippedRelu'), record('js', 'roundtrip', 8, 1, 'gelu'), record('js', 'roundtrip', 8, 1, 'leakyRelu'), record('js', 'roundtrip', 8, 1)]),
    };
    const tableOrder = BENCH_OPS.filter((op) => op === 'relu' || op === 'leakyRelu');
    expect(availableChoices([src])).toEqual({ ops: [...tableOrder, 'gelu'], dtypes: ['float32'], modes: ['roundtrip'] });
  });

  it("puts a per-channel op's cells where the op is in the table, by channel count", () => {
    const ops = ['preluGrad C=64', 'prelu C=1024', 'relu', 'prelu C=64'];
    const src: ResultSource = { label: 's', report: report(ops.map((op) => record('js', 'roundtrip', 8, 1, op))) };
    // core's table has relu before prelu before preluGrad.
    expect(availableChoices([src]).ops).toEqual(['relu', 'prelu C=64', 'prelu C=1024', 'preluGrad C=64']);
  });
});

describe('export', () => {
  it('writes the browser run in the CLI schema and names the file after the run', () => {
    const r = browserReport(
      { result: { records: [record('js', 'roundtrip', 1024, 2)], wrong: [], failed: [] }, unavailable: [{ backend: 'webgpu', reason: 'no adapter' }] },
      { runtime: 'browser', cpu: 'UA', cores: 4, runtimeVersion: 'UA', platform: 'Linux', gpu: null },
      new Date('2025-03-04T05:06:07.000Z'),
    );
    expect(r.machine.runtime).toBe('browser');
    expect(exportFileName(r)).toBe('rectify-bench-browser-2025-03-04T05-06-07.json');
    expect(parseReportText('x.json', JSON.stringify(r)).ok).toBe(true);
  });

  it('refuses to export what the schema rejects', () => {
    expect(() =>
      browserReport(
        { result: { records: [record('js', 'roundtrip', 0, 2)], wrong: [], failed: [] }, unavailable: [] },
        { runtime: 'browser', cpu: 'UA', cores: 4, runtimeVersion: 'UA', platform: 'Linux', gpu: null },
        new Date(),
      ),
    ).toThrow(/size/);
  });
});

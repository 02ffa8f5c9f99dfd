import { describe, expect, it } from 'vitest';
import { rateRecords } from '../src/ratios.js';
import { buildReport, validateReport } from '../src/report.js';
import { BenchReportSchema } from '../src/schema.js';
import { record, validReport } from './fixtures.js';

const records = rateRecords([record({ backend: 'copy', medianNs: 100 }), record({ backend: 'js', medianNs: 300, verified: true })], []);

describe('the JSON schema', () => {
  it('accepts a well-formed report and keeps it as is', () => {
    const report = validReport(records);
    expect(validateReport(report)).toEqual(report);
    expect(BenchReportSchema.safeParse(JSON.parse(JSON.stringify(report))).success).toBe(true);
  });

  it.each([
    ['a missing field', (r: any) => delete r.machine],
    ['another schema version', (r: any) => (r.schemaVersion = 2)],
    ['an unknown mode', (r: any) => (r.records[0].mode = 'inplace')],
    ['a negative median', (r: any) => (r.records[1].medianNs = -1)],
    ['a fractional size', (r: any) => (r.records[1].size = 10.5)],
    ['zero samples', (r: any) => (r.records[1].samples = 0)],
    ['a string ratio', (r: any) => (r.records[1].vsPeers = { 'tfjs-cpu': '2' })],
    ['an unknown runtime', (r: any) => (r.machine.runtime = 'deno')],
    ['an unavailable entry without reason', (r: any) => (r.unavailable = [{ backend: 'wasm' }])],
  ])('rejects %s', (_what, spoil) => {
    const report = validReport(structuredClone(records));
    spoil(report);
    expect(BenchReportSchema.safeParse(report).success).toBe(false);
    expect(() => validateReport(report)).toThrow(/not a rectify-bench report/);
  });

  it('buildReport stamps version, time and validates', () => {
    const machine = { runtime: 'node' as const, cpu: 'x', cores: 1, runtimeVersion: 'v1', platform: 'p', gpu: null };
    const report = buildReport({
      createdAt: new Date(0),
      machine,
      unavailable: [{ backend: 'webgpu', reason: 'no adapter' }],
      result: { records, wrong: [], failed: [{ backend: 'tfjs-wasm', reason: 'relu float32 1K resident: out of memory' }] },
    });
    expect(report.schemaVersion).toBe(1);
    expect(report.createdAt).toBe('1970-01-01T00:00:00.000Z');
    expect(report.unavailable.map((u) => u.backend)).toEqual(['webgpu', 'tfjs-wasm']);
    expect(() => buildReport({ createdAt: new Date(0), machine: { ...machine, cores: -1 }, unavailable: [], result: { records, wrong: [], failed: [] } })).toThrow(
      /machine.cores/,
    );
  });
});

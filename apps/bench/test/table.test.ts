import { describe, expect, it } from 'vitest';
import { rateRecords } from '../src/ratios.js';
import { validateReport } from '../src/report.js';
import { formatNs, formatTable } from '../src/table.js';
import { record, validReport } from './fixtures.js';

describe('the terminal table', () => {
  it('formats times with a unit and three significant digits', () => {
    expect(formatNs(812)).toBe('812 ns');
    expect(formatNs(12_345)).toBe('12.3 µs');
    expect(formatNs(4.56e6)).toBe('4.56 ms');
    expect(formatNs(1.5e9)).toBe('1.50 s');
  });

  it('lists every record with GB/s, ×copy and peers, then the headline ratios, wrong and unavailable', () => {
    const records = rateRecords(
      [
        record({ backend: 'copy', medianNs: 100, size: 1 << 20 }),
        record({ backend: 'copy', mode: 'roundtrip', medianNs: 500, size: 1 << 20 }),
        record({ backend: 'js', medianNs: 400, size: 1 << 20, verified: true }),
        record({ backend: 'js', mode: 'roundtrip', medianNs: 625, size: 1 << 20, verified: true }),
        record({ backend: 'tfjs-cpu', medianNs: 1000, size: 1 << 20 }),
        record({ backend: 'tfjs-cpu', mode: 'roundtrip', medianNs: 2000, size: 1 << 20 }),
      ],
      ['tfjs-cpu'],
    );
    const report = validateReport({
      ...validReport(records),
      wrong: [{ backend: 'wasm', mode: 'resident', op: 'relu', dtype: 'float32', size: 1024, detail: 'element 1: ...' }],
    });
    const text = formatTable(report);
    const jsRow = text.split('\n').find((l) => /\bjs\s+resident/.test(l))!;
    expect(jsRow).toMatch(/400 ns/);
    expect(jsRow).toMatch(/0\.25\s+2\.50 tfjs-cpu/);
    expect(text).toMatch(/^1M\s+copy/m);
    expect(text).toMatch(/relu float32 1M\s+js\/tfjs-cpu 2\.50 resident, 3\.20 roundtrip; roundtrip\/new-array copy 0\.80 js, 0\.25 tfjs-cpu$/m);
    expect(text).toContain('WRONG');
    expect(text).toContain('wasm resident relu float32 1K: element 1');
    expect(text).toContain('webgpu: no adapter');
  });

  it('gives auto against the fastest backend of the same cell and mode', () => {
    const records = rateRecords(
      [
        record({ backend: 'copy', medianNs: 100 }),
        record({ backend: 'js', medianNs: 400, verified: true }),
        record({ backend: 'wasm', medianNs: 200, verified: true }),
        record({ backend: 'auto', medianNs: 250, verified: true }),
        record({ backend: 'js', mode: 'roundtrip', medianNs: 500, verified: true }),
        record({ backend: 'auto', mode: 'roundtrip', medianNs: 400, verified: true }),
      ],
      [],
    );
    const text = formatTable(validateReport(validReport(records)));
    expect(text).toMatch(/relu float32 1K\s+auto\/best 0\.80 resident \(wasm\), 1\.25 roundtrip \(js\)/);
  });

  it('gives threads against one thread (wasm-threads over wasm, resident), and auto is compared with the backends it routes to', () => {
    const records = rateRecords(
      [
        record({ backend: 'copy', medianNs: 100 }),
        record({ backend: 'wasm', medianNs: 300, verified: true }),
        record({ backend: 'wasm-threads', medianNs: 200, verified: true }),
        record({ backend: 'auto', medianNs: 300, verified: true }),
      ],
      [],
    );
    const text = formatTable(validateReport(validReport(records)));
    expect(text).toMatch(/relu float32 1K\s+auto\/best 1\.00 resident \(wasm\); threads\/single 1\.50 resident \(wasm\)/);
  });

  it("keeps a per-channel op's channel counts apart: own tables, own copies", () => {
    const cell = (op: string, copyNs: number, jsNs: number) => [
      record({ backend: 'copy', op, medianNs: copyNs }),
      record({ backend: 'js', op, medianNs: jsNs, verified: true }),
    ];
    const text = formatTable(validateReport(validReport(rateRecords([...cell('prelu C=64', 100, 200), ...cell('prelu C=1024', 100, 400)], []))));
    expect(text).toMatch(/^prelu C=64 float32: per call/m);
    expect(text).toMatch(/^prelu C=1024 float32: per call/m);
    const jsRows = text.split('\n').filter((l) => /\bjs\s+resident/.test(l));
    expect(jsRows.map((l) => l.match(/(\d\.\d\d)\s*$/)?.[1])).toEqual(['0.50', '0.25']);
  });
});

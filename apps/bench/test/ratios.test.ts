import { describe, expect, it } from 'vitest';
import { bytesMoved, gbps, rateRecords, throughputRatio } from '../src/ratios.js';
import { summarize } from '../src/stats.js';
import { record } from './fixtures.js';

describe('throughput arithmetic', () => {
  it('counts bytes read plus written per dtype', () => {
    expect(bytesMoved('float32', 1024)).toBe(8192);
    expect(bytesMoved('float64', 1024)).toBe(16384);
    expect(bytesMoved('int8', 1000)).toBe(2000);
    // Two arrays read (reluGrad's dy and x), one written.
    expect(bytesMoved('float32', 1024, 2)).toBe(12288);
  });
  it('turns bytes and ns into GB/s', () => {
    expect(gbps(8192, 1000)).toBeCloseTo(8.192, 12);
    expect(gbps(2e9, 1e9)).toBe(2);
    expect(() => gbps(1, 0)).toThrow(RangeError);
    expect(() => throughputRatio(1, 0)).toThrow(RangeError);
  });
  it('summarizes samples: median of odd and even counts, min, max', () => {
    expect(summarize([5, 1, 3])).toEqual({ medianNs: 3, minNs: 1, maxNs: 5, samples: 3 });
    expect(summarize([4, 1, 3, 10])).toEqual({ medianNs: 3.5, minNs: 1, maxNs: 10, samples: 4 });
    expect(() => summarize([])).toThrow(RangeError);
    expect(() => summarize([1, Number.NaN])).toThrow(RangeError);
  });
});

describe('rateRecords', () => {
  const records = [
    record({ backend: 'copy', medianNs: 100 }),
    record({ backend: 'copy', mode: 'roundtrip', medianNs: 320 }),
    record({ backend: 'js', medianNs: 200 }),
    record({ backend: 'js', mode: 'roundtrip', medianNs: 400 }),
    record({ backend: 'js', mode: 'roundtrip-out', medianNs: 250 }),
    record({ backend: 'tfjs-cpu', medianNs: 500 }),
    record({ backend: 'tfjs-cpu', mode: 'roundtrip', medianNs: 1000 }),
    record({ backend: 'ort-wasm', medianNs: 250 }),
    // Another cell: no copy ceiling, a peer only in roundtrip.
    record({ backend: 'js', size: 2048, medianNs: 300 }),
    record({ backend: 'tfjs-cpu', mode: 'roundtrip', size: 2048, medianNs: 900 }),
  ];
  const rated = rateRecords(records, ['tfjs-cpu', 'ort-wasm']);
  const find = (backend: string, mode: string, size = 1024) => rated.find((r) => r.backend === backend && r.mode === mode && r.size === size)!;

  it('compares with the copy of the same cell that treats memory alike: roundtrip with the new-array copy, others with the copy ceiling', () => {
    expect(find('copy', 'resident').vsCopy).toBeCloseTo(1, 12);
    expect(find('copy', 'roundtrip').vsCopy).toBeCloseTo(1, 12);
    expect(find('js', 'resident').vsCopy).toBeCloseTo(0.5, 12);
    expect(find('js', 'roundtrip').vsCopy).toBeCloseTo(0.8, 12);
    expect(find('tfjs-cpu', 'roundtrip').vsCopy).toBeCloseTo(0.32, 12);
    expect(find('js', 'resident', 2048).vsCopy).toBe(0);
    expect(find('tfjs-cpu', 'roundtrip', 2048).vsCopy).toBe(0);
  });
  it('never counts the copy as a peer', () => {
    expect(rateRecords(records, ['copy', 'tfjs-cpu']).find((r) => r.backend === 'js' && r.mode === 'roundtrip')!.vsPeers).toEqual({
      'tfjs-cpu': expect.closeTo(2.5, 12),
    });
  });
  it('compares with each peer in the same mode only, never with itself', () => {
    expect(find('js', 'resident').vsPeers).toEqual({ 'tfjs-cpu': expect.closeTo(2.5, 12), 'ort-wasm': expect.closeTo(1.25, 12) });
    expect(find('js', 'roundtrip').vsPeers).toEqual({ 'tfjs-cpu': expect.closeTo(2.5, 12) });
    expect(find('tfjs-cpu', 'resident').vsPeers).toEqual({ 'ort-wasm': expect.closeTo(0.5, 12) });
    expect(find('js', 'resident', 2048).vsPeers).toEqual({});
  });
  it("compares roundtrip-out with the peer's roundtrip, since peers cannot write into the caller's array", () => {
    expect(find('js', 'roundtrip-out').vsPeers).toEqual({ 'tfjs-cpu': expect.closeTo(4, 12) });
    expect(find('js', 'roundtrip-out').vsCopy).toBeCloseTo(0.4, 12);
  });
  it('keeps the records and their order', () => {
    expect(rated.map((r) => `${r.backend}/${r.mode}/${r.size}`)).toEqual(records.map((r) => `${r.backend}/${r.mode}/${r.size}`));
  });
});

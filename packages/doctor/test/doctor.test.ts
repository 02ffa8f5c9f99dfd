import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAvailable as webgpuAvailability } from '@rectify/backend-webgpu';
import { describe, expect, it } from 'vitest';
import { DoctorInputError, DoctorReport, diagnoseNpy, diagnoseOnnx, type LayerReport } from '../src/index.js';
import { fixture, mlpModel } from './mlp-model.js';

interface Expected {
  units: number;
  samples: number;
  dead: number;
  dormant: number;
  sparsity: number;
  nan: number;
  inf: number;
  meanOutput: (number | null)[];
  histogram: number[];
  saturation?: number;
}
const expected = JSON.parse(readFileSync(fixture('expected.json'), 'utf8')) as Record<string, Expected> & { mlp: Expected[] };

/** NumPy's figures: counts exactly, shares and means to float32 rounding (the matmuls differ in the last bits). */
function expectNumPy(got: LayerReport, want: Expected, label: string, exactMeans = true): void {
  expect({ units: got.units, samples: got.samples, dead: got.dead, dormant: got.dormant, nan: got.nan, inf: got.inf, histogram: got.histogram.counts }, label).toEqual({
    units: want.units,
    samples: want.samples,
    dead: want.dead,
    dormant: want.dormant,
    nan: want.nan,
    inf: want.inf,
    histogram: want.histogram,
  });
  expect(got.sparsity, label).toBeCloseTo(want.sparsity, 12);
  got.meanOutput.forEach((m, u) => {
    const w = want.meanOutput[u];
    if (w === null) expect(m, `${label} unit ${u}`).toBeNull();
    else if (exactMeans) expect(m!, `${label} unit ${u}`).toBeCloseTo(w, 10);
    else expect(Math.abs(m! - w), `${label} unit ${u}`).toBeLessThan(1e-5 * Math.max(1, Math.abs(w)));
  });
  if (want.saturation !== undefined) expect(got.saturation, label).toBeCloseTo(want.saturation, 12);
}

const webgpu = await webgpuAvailability();
const BACKENDS = [
  ['js', undefined],
  ['wasm', undefined],
  ['webgpu', webgpu.available ? undefined : webgpu.reason],
] as const;

describe.each(BACKENDS)('the doctor on the %s backend', (name, skip) => {
  if (skip !== undefined) {
    it.skip(`(skipped: ${skip})`, () => {});
    return;
  }
  it('reads .npy dumps (2-D, N-D with a channel axis, float16) and gives NumPy\'s figures', async () => {
    const r = await diagnoseNpy([fixture('layer.npy'), fixture('half.npy')], { backend: name });
    expect(r.backend).toBe(name);
    expectNumPy(r.layers[0], expected.layer, 'layer');
    expectNumPy(r.layers[1], expected.half, 'half');
    const conv = await diagnoseNpy([fixture('conv.npy')], { backend: name, channelAxis: 1 });
    expectNumPy(conv.layers[0], expected.conv, 'conv');
    expect(() => DoctorReport.parse(JSON.parse(JSON.stringify(r)))).not.toThrow();
  });

  it('runs an ONNX MLP with onnxruntime-web, captures each activation\'s input and names its dead, dormant and saturated units', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doctor-'));
    writeFileSync(join(dir, 'mlp.onnx'), mlpModel());
    const r = await diagnoseOnnx(join(dir, 'mlp.onnx'), { backend: name, inputs: { x: fixture('mlp-x.npy') }, batch: 64 });
    expect(r.layers.map((l) => `${l.name} ${l.op}`)).toEqual(['relu1 relu (Relu)', 'leaky2 leakyRelu (LeakyRelu)', 'relu6 clippedRelu (Clip)']);
    r.layers.forEach((l, k) => expectNumPy(l, expected.mlp[k], l.name, false));
    expect(r.findings.map((f) => `${f.layer} ${f.kind}`)).toEqual(expect.arrayContaining(['relu1 dead', 'relu6 saturation']));
    expect(r.layers[0].deadIndices).toEqual([0]);
  });
});

describe('the doctor', () => {
  it('finds where NaNs first appear in graph order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doctor-'));
    writeFileSync(join(dir, 'nan.onnx'), mlpModel(true));
    const r = await diagnoseOnnx(join(dir, 'nan.onnx'), { backend: 'js', inputs: { x: fixture('mlp-x.npy') } });
    expect(r.layers[0].nan).toBe(0);
    expect(r.layers[1].nan).toBeGreaterThan(0);
    const nan = r.findings.find((f) => f.kind === 'nan');
    expect(nan?.layer).toBe('leaky2');
  });

  it('says when it ran on random inputs, reproducibly from the seed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doctor-'));
    writeFileSync(join(dir, 'mlp.onnx'), mlpModel());
    const a = await diagnoseOnnx(join(dir, 'mlp.onnx'), { backend: 'js', random: 100, seed: 3 });
    const b = await diagnoseOnnx(join(dir, 'mlp.onnx'), { backend: 'js', random: 100, seed: 3 });
    expect(a.source.random).toEqual({ samples: 100, seed: 3 });
    expect(a.layers).toEqual(b.layers);
    expect(a.layers[0].samples).toBe(100);
  });

  it('gives the same figures whatever the chunk size', async () => {
    const whole = await diagnoseNpy([fixture('layer.npy')], { backend: 'js' });
    const chunked = await diagnoseNpy([fixture('layer.npy')], { backend: 'js', chunkBytes: 100 });
    expect(chunked.layers[0].histogram).toEqual(whole.layers[0].histogram);
    expect(chunked.layers[0].dead).toBe(whole.layers[0].dead);
    chunked.layers[0].meanOutput.forEach((m, u) => (m === null ? expect(whole.layers[0].meanOutput[u]).toBeNull() : expect(m).toBeCloseTo(whole.layers[0].meanOutput[u]!, 12)));
  });

  it.each([
    ['bad-fortran.npy', /Fortran order/],
    ['bad-big-endian.npy', /big-endian/],
    ['bad-object.npy', /object array/],
    ['bad-truncated.npy', /truncated/],
    ['missing.npy', /cannot read .*ENOENT/],
  ])('rejects %s with a one-line DoctorInputError', async (file, message) => {
    const e = await diagnoseNpy([fixture(file)], { backend: 'js' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DoctorInputError);
    expect((e as Error).message).toMatch(message);
    expect((e as Error).message).not.toContain('\n');
  });

  it('asks for the channel axis of an N-D dump, and for inputs or --random for a model', async () => {
    await expect(diagnoseNpy([fixture('conv.npy')], { backend: 'js' })).rejects.toThrow(/--channel-axis/);
    await expect(diagnoseNpy([fixture('conv.npy')], { backend: 'js', channelAxis: 0 })).rejects.toThrow(/not an axis/);
    await expect(diagnoseOnnx(fixture('layer.npy'), { backend: 'js', random: 1 })).rejects.toThrow(/not an ONNX model/);
    await expect(diagnoseNpy([fixture('layer.npy')], { backend: 'js', dormant: 2 })).rejects.toThrow(/--dormant/);
  });
});

/**
 * float16 on the GPU, exhaustively: every op on all 2^16 binary16 patterns against core's oracle,
 * bit for bit (a NaN a product computes may have any bits; no subnormal flush is allowed here, on
 * either float16 path). Two-array ops sweep each array in turn while the other cycles through
 * partners; alphas and ceilings come from small grids, a subnormal alpha among them. Registered by
 * the Node (Dawn) and browser (SwiftShader) suites; nothing here imports from node:.
 */
import { OPS, allocate, bitView, fromNumbers, invoke, oracle, type AnyTypedArray, type OpDefinition } from '@rectify/core';
import { compareResult, ensureFloat16, hexBits } from '@rectify/conformance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceState } from '../../src/device-state.js';
import type { WebGpuBackend } from '../../src/index.js';

/** Every op has GPU kernels, float16 included. */
const GPU_OPS = OPS;

export const PATTERNS = 65536;

/** The other array's values: specials (±0, ±Inf, NaNs with payloads, subnormal and normal extremes, 6's neighbours) and ordinary ones; 23 of them, coprime with the 9 alphas. */
const PARTNERS = [
  0x0000, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0xfe12, 0x7c01, 0x0001, 0x8001, 0x03ff, 0x83ff, 0x0400, 0x8400, 0x7bff, 0xfbff, 0x4600, 0x45ff,
  0x4601, 0x3c00, 0xbc00, 0xc200, 0x3555, 0x9c00,
];

/** 1e-7 rounds to the subnormal 2^-23; 60000 is near the top of the range. */
export const ALPHAS16 = [0.01, 1e-7, 0, -0, -1.5, 3, 60000, 0.5, 2 ** -24];
const CEILINGS16 = [6, 1e-7, 0.5, 1, 60000, 65504];

/** A float16 array from bit patterns. */
export function halves(bits: ArrayLike<number>): AnyTypedArray {
  ensureFloat16();
  const a = allocate('float16', bits.length);
  bitView(a).set(bits);
  return a;
}

interface Sweep {
  label: string;
  inputs: AnyTypedArray[];
  params: unknown[];
}

/**
 * The sweeps of one op. A per-channel op takes the alpha grid as its channels, laid out channels
 * last (each pattern repeated once per channel; 9 channels, so the two halves of a word are in
 * different channels) and NCHW (each channel a run of all the patterns).
 */
export function sweeps(op: OpDefinition): Sweep[] {
  ensureFloat16();
  const first = op.params[0]?.name;
  const channels = ALPHAS16.length;
  const layouts: { label: string; params: unknown[]; length: number; pattern: (i: number) => number }[] = op.perChannel
    ? [
        { label: 'alphas as channels, last', params: [fromNumbers('float16', ALPHAS16)], length: PATTERNS * channels, pattern: (i) => Math.floor(i / channels) },
        {
          label: 'alphas as channels, NCHW',
          params: [fromNumbers('float16', ALPHAS16), { shape: [1, channels, PATTERNS], axis: 1 }],
          length: PATTERNS * channels,
          pattern: (i) => i % PATTERNS,
        },
      ]
    : first === 'edges'
      ? // histogram: core's cases (decades, the relu6 ceiling, tiny and huge edges).
        op.cases('float16').map((c) => ({ label: c.label, params: [...c.params(PATTERNS)], length: PATTERNS, pattern: (i: number) => i }))
      : op.name === 'columnSums'
        ? [
            // Each pattern alone in its column (its exact value as a float64), then column c holding
            // the 256 patterns of high byte c (subnormal and normal sums; Inf and NaN columns apart).
            { label: '1 × 65536', params: [1, PATTERNS], length: PATTERNS, pattern: (i: number) => i },
            { label: '256 × 256 by high byte', params: [256, 256], length: PATTERNS, pattern: (i: number) => ((i & 255) << 8) | (i >> 8) },
          ]
        : (first === 'alpha' ? ALPHAS16 : first === 'ceiling' ? CEILINGS16 : [undefined]).map((p) => ({
            label: p === undefined ? 'defaults' : `${first} ${Object.is(p, -0) ? '-0' : p}`,
            // deadUnits: all the patterns as a 256 × 256 matrix.
            params: op.name === 'deadUnits' ? [256, 256] : p === undefined ? [] : [p],
            length: PATTERNS,
            pattern: (i: number) => i,
          }));
  const out: Sweep[] = [];
  for (let k = 0; k < op.arrays.length; k++) {
    for (const l of layouts) {
      const inputs = op.arrays.map((_, j) => halves(Array.from({ length: l.length }, (_, i) => (j === k ? l.pattern(i) : PARTNERS[i % PARTNERS.length]))));
      out.push({ label: `${op.arrays.length > 1 ? `${op.arrays[k]} all patterns, ` : ''}${l.label}`, inputs, params: l.params });
    }
  }
  return out;
}

/** Runs one call on the backend and the oracle; undefined when they agree, else what differs. */
export async function mismatch(backend: WebGpuBackend, op: OpDefinition, inputs: AnyTypedArray[], params: unknown[]): Promise<string | undefined> {
  const got = await invoke(backend, op, inputs, params);
  const want = invoke(oracle, op, inputs, params);
  const d = compareResult(op, inputs, got, want, false);
  if (!d) return undefined;
  const at = d.index >= 0 ? ` at ${d.index} (${op.arrays.map((name, k) => `${name}=${hexBits(inputs[k], d.index)}`).join(' ')})` : '';
  return `${op.name}${at}: got ${d.got}, want ${d.want}`;
}

/** The backend's state, to force a float16 path in a test (the backend picks one at start-up). */
function stateOf(backend: WebGpuBackend): DeviceState {
  return (backend as unknown as { gpu: DeviceState }).gpu;
}

export function describeFloat16(create: () => Promise<WebGpuBackend>, skip: string | undefined): void {
  describe.skipIf(skip !== undefined)('float16: every op on all 2^16 patterns, bit for bit with the oracle', () => {
    let backend: WebGpuBackend;
    beforeAll(async () => {
      backend = await create();
    });
    afterAll(async () => {
      await backend?.dispose();
    });

    it('declares float16 for every op it has kernels for and says which path its products take', () => {
      expect(GPU_OPS.length).toBeGreaterThan(5);
      for (const op of OPS) expect(backend.capabilities.ops[op.name], op.name).toEqual(GPU_OPS.includes(op) ? expect.arrayContaining(['float16']) : []);
      expect(backend.capabilities.float16Path).toBe(backend.float16Path);
      const hasF16 = backend.device.features.has('shader-f16');
      if (!hasF16) expect(backend.float16Path).toBe('u32-pairs');
      console.log(`float16 on ${JSON.stringify(backend.adapterInfo)}: shader-f16 ${hasF16 ? 'offered' : 'not offered'}, path ${backend.float16Path}`);
    });

    it.each(GPU_OPS.map((op) => [op.name, op] as const))('%s', async (_name, op) => {
      for (const s of sweeps(op)) {
        const m = await mismatch(backend, op, s.inputs, s.params);
        expect(m, s.label).toBeUndefined();
      }
    });

    it('on a device with shader-f16, its f16 kernels are exhaustively exact exactly when the probe chose them', async (ctx) => {
      ctx.skip(!backend.device.features.has('shader-f16'), `this adapter (${backend.adapterInfo.description || backend.adapterInfo.vendor || 'unnamed'}) does not offer shader-f16`);
      const dispatch = stateOf(backend).dispatch;
      const chosen = backend.float16Path;
      dispatch.float16Path = 'shader-f16';
      const wrong: string[] = [];
      try {
        for (const op of OPS.filter((o) => o.arithmetic)) {
          for (const s of sweeps(op)) {
            const m = await mismatch(backend, op, s.inputs, s.params);
            if (m) wrong.push(`${s.label}: ${m}`);
          }
        }
      } finally {
        dispatch.float16Path = chosen;
      }
      console.log(`shader-f16 products: ${wrong.length === 0 ? 'exact' : wrong.join('; ')}; the probe chose ${chosen}`);
      expect(wrong.length === 0).toBe(chosen === 'shader-f16');
    });
  });
}

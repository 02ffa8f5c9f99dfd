// Cross-backend mode over every backend of this repo: the same seeded inputs through each one, every
// result compared with the oracle (not with the other backends).
import { createBackend as createJs } from '@rectify/backend-js';
import { createBackend as createWasm } from '@rectify/backend-wasm';
import { createBackend as createWebgpu, isAvailable as webgpuAvailable } from '@rectify/backend-webgpu';
import { crossCheck, crossCheckBadCalls, declaredCalls, describeMismatch } from '@rectify/conformance';
import type { ActivationBackend } from '@rectify/core';
import { afterAll, expect, it } from 'vitest';

const webgpu = await webgpuAvailable();
const backends: ActivationBackend[] = [await createJs(), await createWasm()];
if (webgpu.available) backends.push(await createWebgpu());
afterAll(async () => {
  for (const b of backends) await b.dispose();
});

it(`js, wasm${webgpu.available ? ', webgpu' : ` (webgpu skipped: ${webgpu.reason})`} agree with the oracle on the same inputs`, async () => {
  const report = await crossCheck(backends, { lengths: [0, 1, 17, 1023, 65539] });
  expect(report.mismatches.map(describeMismatch)).toEqual([]);
  expect(report.errors).toEqual([]);
  expect(report.checked).toBe(backends.reduce((n, b) => n + declaredCalls(b).length, 0));
}, 120_000);

it('every bad call fails alike on every backend (same error class and code) and changes nothing', async () => {
  const { checked, disagreements } = await crossCheckBadCalls(backends);
  expect(checked).toBeGreaterThan(100);
  expect(disagreements).toEqual([]);
}, 120_000);

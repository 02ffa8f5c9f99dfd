// The conformance suite in a real browser (navigator.gpu). Lengths are shorter than in Node:
// SwiftShader is a software GPU and the oracle runs in the same page.
import { describeConformance } from '@rectify/conformance/vitest';
import { sameBits } from '@rectify/conformance';
import { oracle } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { createBackend, isAvailable, type GpuArray, type WebGpuBackend } from '../../src/index.js';
import { describeExactSums } from '../shared/exact-sums.js';
import { describeFloat16 } from '../shared/float16.js';
import { describeLeakyExactness } from '../shared/leaky-exactness.js';

const availability = await isAvailable();
const skipReason = availability.available ? undefined : availability.reason;

describeConformance('webgpu (browser)', () => createBackend(), {
  lengths: [0, 1, 3, 5, 17, 255, 256, 257, 1023, 4099, 131_075],
  timeout: 300_000,
  skipReason,
  resident: {
    upload: (b, x) => (b as WebGpuBackend).upload(x),
    download: (b, h) => (b as WebGpuBackend).download(h as GpuArray),
    release: (b, h) => (b as WebGpuBackend).free(h as GpuArray),
  },
});

describe.skipIf(skipReason !== undefined)('webgpu in the browser', () => {
  it('uses navigator.gpu and reports its adapter and measured subnormal behaviour', async () => {
    const backend = await createBackend();
    try {
      expect(typeof backend.adapterInfo.vendor).toBe('string');
      const tiny = await backend.leakyRelu(new Float32Array([-(2 ** -126)]), 0.5);
      expect(tiny[0] === 0).toBe(backend.capabilities.flushesSubnormals);
      console.log(`browser adapter ${JSON.stringify(backend.adapterInfo)} flushesSubnormals=${backend.capabilities.flushesSubnormals}`);
      const x = new Float32Array(new Uint32Array([0x7fc12345, 0xffc00001, 0x00000001, 0x80000001, 0x80000000]).buffer);
      expect(sameBits(await backend.relu(x), oracle.relu(x))).toBe(true);
    } finally {
      await backend.dispose();
    }
  });
});

describeLeakyExactness(() => createBackend(), skipReason);
describeExactSums(() => createBackend(), skipReason);
describeFloat16(() => createBackend(), skipReason);

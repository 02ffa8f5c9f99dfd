// Arrays bigger than one storage binding, or needing more workgroups than one dimension holds, are
// split into chunks and 2D grids. The device's real limits (128 MiB bindings, 65535 workgroups) are
// far beyond test sizes, so the backend is created with lowered dispatch limits to cross them here.
import { describeConformance } from '@rectify/conformance/vitest';
import { describe, expect, it } from 'vitest';
import { gridFor, maxThreads, planChunks, type DispatchLimits } from '../src/chunking.js';
import { createBackend } from '../src/index.js';
import { residentHooks, skipReason } from './setup.js';

const lowered = { maxBindingBytes: 1000, maxWorkgroupsPerDimension: 3, workgroupSize: 32 };

describe('chunk planning', () => {
  const limits: DispatchLimits = { workgroupSize: 32, maxWorkgroupsPerDimension: 3, chunkBytes: 768 };

  it('covers every element once, at aligned offsets, within one binding and one dispatch', () => {
    for (const [length, bpe] of [[0, 4], [1, 4], [191, 4], [192, 4], [193, 4], [5000, 4], [767, 1], [768, 1], [769, 1], [5003, 1]]) {
      const chunks = planChunks(length, bpe, limits, 256);
      let next = 0;
      for (const c of chunks) {
        expect(c.first).toBe(next);
        expect(c.byteOffset % 256).toBe(0);
        expect(c.byteSize).toBeLessThanOrEqual(768);
        expect(c.byteSize % 4).toBe(0);
        expect(c.words).toBeLessThanOrEqual(maxThreads(limits));
        expect(c.words * 4).toBeGreaterThanOrEqual(c.count * bpe);
        next += c.count;
      }
      expect(next).toBe(length);
    }
  });

  it('lays threads out on a 2D grid when one row of workgroups is not enough', () => {
    expect(gridFor(96, limits)).toEqual({ x: 3, y: 1, pitch: 96 });
    const g = gridFor(200, limits);
    expect(g.x * g.y * 32).toBeGreaterThanOrEqual(200);
    expect(g.y).toBeGreaterThan(1);
    expect(() => gridFor(289, limits)).toThrow(RangeError);
  });
});

describe.skipIf(skipReason !== undefined)('a backend with lowered dispatch limits', () => {
  it('really dispatches under them: several chunks and 2D grids', async () => {
    const backend = await createBackend({ dispatchLimits: lowered });
    try {
      expect(backend.dispatchLimits.chunkBytes).toBeLessThan(1000);
      expect(backend.dispatchLimits.maxWorkgroupsPerDimension).toBe(3);
      const n = 10_007;
      expect(planChunks(n, 4, backend.dispatchLimits, 256).length).toBeGreaterThan(10);
      const x = Float32Array.from({ length: n }, (_, i) => (i % 7) - 3);
      const y = await backend.relu(x);
      expect(Array.from(y)).toEqual(Array.from(x, (v) => (v < 0 ? 0 : v)));
    } finally {
      await backend.dispose();
    }
  });
});

// The whole suite again, on lengths around the lowered chunk (192 words) and thread limits (288).
describeConformance('webgpu (Dawn, lowered limits: chunked and 2D dispatch)', () => createBackend({ dispatchLimits: lowered }), {
  lengths: [0, 1, 3, 5, 191, 192, 193, 255, 256, 257, 287, 288, 289, 769, 1023, 1024, 1025, 4099, 100_003],
  resident: residentHooks,
  timeout: 300_000,
  skipReason,
});

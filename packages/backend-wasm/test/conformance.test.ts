import { describeConformance } from '@rectify/conformance/vitest';
import { DEFAULT_LENGTHS } from '@rectify/conformance';
import { createBackend } from '../src/index.js';
import { residentHooks } from './resident-hooks.js';

// Every length around the unrolled loop widths (16 lanes of float32 per iteration, 64 of int8),
// on top of the defaults, so each kernel's vector loop, single-vector loop and scalar tail run.
const extra = [2, 7, 8, 9, 31, 32, 33, 63, 64, 65, 67, 127, 128, 129];
const lengths = [...new Set([...DEFAULT_LENGTHS, ...extra])].sort((a, b) => a - b);

describeConformance('wasm', () => createBackend(), { lengths, resident: residentHooks });

// Tiny scratch slots: plain arrays cross many chunk boundaries, including chunks that end mid-vector.
describeConformance('wasm (80-byte chunks)', () => createBackend({ chunkBytes: 80 }), {
  lengths: [0, 1, 17, 21, 100, 1000],
  resident: residentHooks,
});

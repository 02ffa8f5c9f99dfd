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

// Three threads, splitting every resident call: parts of 1024 elements, so lengths past 1024 and 2048
// end mid-part on the workers; the defaults' 1 Mi + 3 splits in three. Plain arrays stay on one thread.
describeConformance('wasm (3 threads)', () => createBackend({ threads: 3, minParallelLength: 1 }), {
  lengths: [1, 1023, 1024, 1025, 2047, 2049, 3072, 5000, (1 << 20) + 3],
  resident: residentHooks,
});

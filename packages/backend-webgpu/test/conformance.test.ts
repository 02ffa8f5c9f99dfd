import { describeConformance } from '@rectify/conformance/vitest';
import { createBackend } from '../src/index.js';
import { residentHooks, skipReason } from './setup.js';

// Around the software renderer's workgroup (256 threads) and a 128 MiB binding; 100K+ covers many workgroups.
describeConformance('webgpu (Dawn)', () => createBackend(), {
  resident: residentHooks,
  timeout: 300_000,
  skipReason,
});

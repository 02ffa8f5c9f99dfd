import '@rectify/backend-js';
import '@rectify/backend-wasm';
import { describeConformance } from '@rectify/conformance/vitest';
import { createBackend } from '../src/index.js';
import { wasmResidentHooks } from './resident-hooks.js';

// Over js and wasm (registered by the imports above): small calls run on js, larger ones on wasm,
// resident ones (wasm heap views) stay in wasm. webgpu resident routing: test/routing.test.ts.
describeConformance('auto', () => createBackend(), { resident: wasmResidentHooks });

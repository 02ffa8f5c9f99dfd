/** Shared by the Node tests: whether a WebGPU adapter is available here, and resident-array hooks. */
import type { ResidentHooks } from '@rectify/conformance';
import type { ActivationBackend } from '@rectify/core';
import { isAvailable, type GpuArray, type WebGpuBackend } from '../src/index.js';

const availability = await isAvailable();

/** Set when no adapter can be had: the suites then report their tests as skipped with this reason. */
export const skipReason = availability.available ? undefined : availability.reason;

export const residentHooks: ResidentHooks = {
  upload: (backend: ActivationBackend, x) => (backend as WebGpuBackend).upload(x),
  download: (backend: ActivationBackend, handle) => (backend as WebGpuBackend).download(handle as GpuArray),
  release: (backend: ActivationBackend, handle) => (backend as WebGpuBackend).free(handle as GpuArray),
};

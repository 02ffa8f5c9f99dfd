import { BackendUnavailableError, InvalidParameterError, registerBackend, type Availability } from '@rectify/core';
import { findAdapter, message, requestDevice } from './gpu-loader.js';
import type { AdapterInfo, WebGpuBackendOptions } from './options.js';
import { WebGpuBackend } from './webgpu-backend.js';

export { WebGpuBackend } from './webgpu-backend.js';
export { GpuArray } from './gpu-array.js';
export type { AdapterInfo, WebGpuBackendOptions } from './options.js';
export type { DispatchLimits } from './chunking.js';

const NAME = 'webgpu';

function checkOptions(options: unknown): WebGpuBackendOptions {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object') {
    throw new InvalidParameterError('createBackend(options) takes an options object (or nothing).');
  }
  const o = options as WebGpuBackendOptions;
  if (o.featureLevel !== undefined && o.featureLevel !== 'core' && o.featureLevel !== 'compatibility') {
    throw new InvalidParameterError(`featureLevel must be 'core' or 'compatibility', got ${String(o.featureLevel)}.`);
  }
  return o;
}

function infoOf(info: GPUAdapterInfo | undefined): AdapterInfo {
  return {
    vendor: info?.vendor ?? '',
    architecture: info?.architecture ?? '',
    device: info?.device ?? '',
    description: info?.description ?? '',
  };
}

/**
 * Whether a WebGPU device can be had here, with the reason when not (no navigator.gpu and no
 * `webgpu` package, no adapter, adapter lost). Never throws.
 */
export async function isAvailable(options?: WebGpuBackendOptions): Promise<Availability> {
  let o: WebGpuBackendOptions;
  try {
    o = checkOptions(options);
  } catch (e) {
    return { available: false, reason: message(e) };
  }
  if (o.device) return { available: true };
  const found = await findAdapter(o);
  if (!found.ok) return { available: false, reason: found.reason };
  if (o.adapter) return { available: true }; // Requesting a device would use up the caller's adapter.
  const device = await requestDevice(found.value.adapter);
  if (!device.ok) return { available: false, reason: device.reason };
  device.value.destroy();
  return { available: true };
}

/**
 * Creates the WebGPU backend: on the given device, or on a device from the given adapter or GPU,
 * or from navigator.gpu, or (in Node) from the optional `webgpu` package. Throws
 * BackendUnavailableError with the reason when there is no usable adapter.
 */
export async function createBackend(options?: WebGpuBackendOptions): Promise<WebGpuBackend> {
  const o = checkOptions(options);
  let device = o.device;
  let keepAlive: unknown = o.gpu;
  let info = o.adapter?.info;
  if (!device) {
    const found = await findAdapter(o);
    if (!found.ok) throw new BackendUnavailableError(NAME, found.reason);
    const requested = await requestDevice(found.value.adapter);
    if (!requested.ok) throw new BackendUnavailableError(NAME, requested.reason);
    device = requested.value;
    keepAlive = found.value.keepAlive;
    info = found.value.adapter.info;
  }
  info ??= (device as GPUDevice & { adapterInfo?: GPUAdapterInfo }).adapterInfo;
  const backend = new WebGpuBackend({ device, ownsDevice: !o.device, adapterInfo: infoOf(info), keepAlive, dispatchLimits: o.dispatchLimits });
  try {
    await backend.probeSubnormals();
  } catch (e) {
    await backend.dispose();
    throw new BackendUnavailableError(NAME, `the device failed its first computation (adapter lost?): ${message(e)}`);
  }
  return backend;
}

registerBackend({
  name: NAME,
  priority: 30,
  isAvailable: () => isAvailable(),
  create: (options) => createBackend(options as WebGpuBackendOptions | undefined),
});

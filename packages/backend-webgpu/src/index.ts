import { BackendUnavailableError, InvalidParameterError, registerBackend, type Availability } from '@rectify/core';
import { adapterInfoOf, findAdapter, message, requestDevice } from './gpu-loader.js';
import type { WebGpuBackendOptions } from './options.js';
import { WebGpuBackend, type DeviceParts } from './webgpu-backend.js';

export { WebGpuBackend, type WebGpuCapabilities } from './webgpu-backend.js';
export type { Float16Path } from './dispatch.js';
export { GpuArray } from './gpu-array.js';
export { KERNELS, type GpuDType, type KernelBodies } from './kernels/index.js';
export type { AdapterInfo, DispatchLimitOptions, WebGpuBackendOptions } from './options.js';
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
  if (o.requestDevice !== undefined && typeof o.requestDevice !== 'function') {
    throw new InvalidParameterError('requestDevice must be a function returning a Promise of a GPUDevice.');
  }
  return o;
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
  if (o.device || o.requestDevice) return { available: true };
  const found = await findAdapter(o);
  if (!found.ok) return { available: false, reason: found.reason };
  if (o.adapter) return { available: true }; // Requesting a device would use up the caller's adapter.
  const device = await requestDevice(found.value.adapter);
  if (!device.ok) return { available: false, reason: device.reason };
  device.value.destroy();
  return { available: true };
}

/** A new device, from the factory when there is one, else from an adapter found as options say. */
async function newDevice(o: WebGpuBackendOptions): Promise<DeviceParts> {
  if (o.requestDevice) {
    let device: GPUDevice;
    try {
      device = await o.requestDevice();
    } catch (e) {
      throw new BackendUnavailableError(NAME, `options.requestDevice failed: ${message(e)}`);
    }
    return { device, ownsDevice: true, adapterInfo: adapterInfoOf(device), keepAlive: o.gpu };
  }
  const found = await findAdapter(o);
  if (!found.ok) throw new BackendUnavailableError(NAME, found.reason);
  const requested = await requestDevice(found.value.adapter);
  if (!requested.ok) throw new BackendUnavailableError(NAME, requested.reason);
  const device = requested.value;
  return { device, ownsDevice: true, adapterInfo: adapterInfoOf(device, found.value.adapter), keepAlive: found.value.keepAlive };
}

/** How the backend gets a device again after a loss; undefined when it cannot (see WebGpuBackendOptions.requestDevice). */
function replacement(o: WebGpuBackendOptions): (() => Promise<DeviceParts>) | undefined {
  if (o.requestDevice) return () => newDevice(o);
  if (o.device) return undefined;
  // An adapter gives one device: another needs the GPU object to request a new adapter from.
  if (o.adapter) return o.gpu ? () => newDevice({ ...o, adapter: undefined }) : undefined;
  return () => newDevice(o);
}

/**
 * Creates the WebGPU backend: on the given device, or on a device from the given factory,
 * adapter or GPU, or from navigator.gpu, or (in Node) from the optional `webgpu` package. Throws
 * BackendUnavailableError with the reason when there is no usable adapter.
 */
export async function createBackend(options?: WebGpuBackendOptions): Promise<WebGpuBackend> {
  const o = checkOptions(options);
  const first: DeviceParts = o.device
    ? { device: o.device, ownsDevice: false, adapterInfo: adapterInfoOf(o.device, o.adapter), keepAlive: o.gpu }
    : await newDevice(o);
  const backend = new WebGpuBackend({ ...first, dispatchLimits: o.dispatchLimits, replaceDevice: replacement(o) });
  try {
    await backend.probeFloat16();
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

/**
 * Finds a GPU, an adapter and a device: navigator.gpu in browsers; in Node, the optional `webgpu`
 * package (Dawn), first with its default backends, then on OpenGL ES in compatibility mode (Mesa's
 * software renderer on machines without a GPU). Failures come back as reasons, never as throws.
 */
import type { AdapterInfo, WebGpuBackendOptions } from './options.js';

export type Found<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface AdapterChoice {
  adapter: GPUAdapter;
  /** What must stay referenced while the backend lives: Dawn's GPU object hangs submits once collected. */
  keepAlive: unknown;
}

type Create = (flags: string[]) => GPU;

/** Dawn's GPU objects, one per flag set, kept for the life of the process (see keepAlive). */
const dawnInstances = new Map<string, GPU>();

interface NodeProcess {
  env: Record<string, string | undefined>;
  versions: { node?: string };
}

function nodeProcess(): NodeProcess | undefined {
  const p = (globalThis as { process?: Partial<NodeProcess> }).process;
  return p?.env && p.versions?.node ? (p as NodeProcess) : undefined;
}

async function loadDawn(): Promise<Found<Create>> {
  if (!nodeProcess()) return { ok: false, reason: 'this environment has no navigator.gpu (WebGPU is off or unsupported)' };
  // A variable specifier keeps bundlers from pulling the native module into browser builds.
  const specifier = 'webgpu';
  try {
    const mod = (await import(/* @vite-ignore */ specifier)) as { create?: Create };
    if (typeof mod.create !== 'function') return { ok: false, reason: "the 'webgpu' package has no create()" };
    return { ok: true, value: mod.create };
  } catch (e) {
    return {
      ok: false,
      reason: `no navigator.gpu, and the optional 'webgpu' package (Dawn for Node) could not be loaded: ${message(e)}. Install it with npm install webgpu`,
    };
  }
}

function dawn(create: Create, flags: string[]): GPU {
  const key = flags.join(' ');
  let gpu = dawnInstances.get(key);
  if (!gpu) {
    gpu = create(flags);
    dawnInstances.set(key, gpu);
  }
  return gpu;
}

async function request(gpu: GPU, featureLevel?: 'core' | 'compatibility'): Promise<GPUAdapter | null> {
  const first = await gpu.requestAdapter(featureLevel ? { featureLevel } : undefined);
  if (first || featureLevel === 'compatibility') return first;
  return gpu.requestAdapter({ featureLevel: 'compatibility' });
}

export async function findAdapter(options: WebGpuBackendOptions): Promise<Found<AdapterChoice>> {
  try {
    if (options.adapter) return { ok: true, value: { adapter: options.adapter, keepAlive: options.gpu } };
    const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
    const gpu = options.gpu ?? nav?.gpu;
    if (gpu) {
      const adapter = await request(gpu, options.featureLevel);
      return adapter
        ? { ok: true, value: { adapter, keepAlive: gpu } }
        : { ok: false, reason: 'WebGPU gave no adapter (no usable GPU, or WebGPU is blocklisted here)' };
    }
    const loaded = await loadDawn();
    if (!loaded.ok) return loaded;
    const native = dawn(loaded.value, []);
    const adapter = await request(native, options.featureLevel);
    if (adapter) return { ok: true, value: { adapter, keepAlive: native } };
    // No Vulkan/Metal/D3D adapter: try OpenGL ES, which Mesa provides even without a GPU or display.
    const env = nodeProcess()!.env;
    env.EGL_PLATFORM ??= 'surfaceless';
    const gles = dawn(loaded.value, ['backend=opengles']);
    const glAdapter = await gles.requestAdapter({ featureLevel: 'compatibility' });
    if (glAdapter) return { ok: true, value: { adapter: glAdapter, keepAlive: gles } };
    return {
      ok: false,
      reason: "the 'webgpu' package (Dawn) found no adapter, neither native nor OpenGL ES (install Mesa: libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri)",
    };
  } catch (e) {
    return { ok: false, reason: `requesting a WebGPU adapter failed: ${message(e)}` };
  }
}

/**
 * Asks for the adapter's larger buffer limits (the defaults cap bindings at 128 MiB), a workgroup
 * size up to 256 and, where the adapter has it, shader-f16 (float16-path.ts decides whether to use it).
 */
export async function requestDevice(adapter: GPUAdapter): Promise<Found<GPUDevice>> {
  const a = adapter.limits;
  const requiredLimits: Record<string, number> = {
    maxBufferSize: a.maxBufferSize,
    maxStorageBufferBindingSize: a.maxStorageBufferBindingSize,
    maxComputeWorkgroupSizeX: Math.min(a.maxComputeWorkgroupSizeX, 256),
    maxComputeInvocationsPerWorkgroup: Math.min(a.maxComputeInvocationsPerWorkgroup, 256),
  };
  try {
    const requiredFeatures: GPUFeatureName[] = adapter.features.has('shader-f16') ? ['shader-f16'] : [];
    return { ok: true, value: await adapter.requestDevice({ label: 'rectify', requiredLimits, requiredFeatures }) };
  } catch (e) {
    return { ok: false, reason: `the adapter is lost or refused a device: ${message(e)}` };
  }
}

/** Who made the device: the adapter's info, else the device's own (runtimes without it give ''). */
export function adapterInfoOf(device: GPUDevice, adapter?: GPUAdapter): AdapterInfo {
  const info = adapter?.info ?? (device.adapterInfo as GPUAdapterInfo | undefined);
  return Object.freeze({
    vendor: info?.vendor ?? '',
    architecture: info?.architecture ?? '',
    device: info?.device ?? '',
    description: info?.description ?? '',
  });
}

export function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

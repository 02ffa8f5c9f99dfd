/** Describes the browser and its GPU in the benchmark schema's terms. */
import type { ActivationBackend } from '@rectify/core';
import type { GpuInfo } from '../bench/protocol.ts';
import type { Machine } from '@rectify/bench';

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
}

/** The adapter behind a WebGPU backend: its adapterInfo when it exposes one. */
export async function gpuInfoOf(backend: ActivationBackend): Promise<GpuInfo | null> {
  const info = (backend as { adapterInfo?: AdapterInfoLike }).adapterInfo;
  if (!info) return null;
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
  };
}

export function browserMachine(gpu: GpuInfo | null): Machine {
  const nav = navigator as Navigator & { userAgentData?: { platform?: string } };
  return {
    runtime: 'browser',
    cpu: nav.userAgent,
    cores: nav.hardwareConcurrency ?? 0,
    runtimeVersion: nav.userAgent,
    platform: nav.userAgentData?.platform || nav.platform || 'unknown',
    gpu,
  };
}

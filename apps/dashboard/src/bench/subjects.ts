/** The loaded backends as the benchmark's subjects, with the copy ceiling as the reference. */
import { copySubject, cpuBackendSubject, gpuBackendSubject, type GpuBackend, type HeapAllocator, type Subject } from '@rectify/bench';
import type { ActivationBackend } from '@rectify/core';
import type { LoadedBackend } from '../backends/load.ts';

function isGpu(b: ActivationBackend): b is GpuBackend {
  const g = b as Partial<GpuBackend>;
  return b.capabilities.deviceBacked && typeof g.upload === 'function' && typeof g.download === 'function' && typeof g.free === 'function';
}

function heapOf(b: ActivationBackend): HeapAllocator | undefined {
  const h = b as Partial<HeapAllocator>;
  return b.capabilities.residentArrays && typeof h.alloc === 'function' && typeof h.free === 'function' ? (b as unknown as HeapAllocator) : undefined;
}

export function subjectsFor(loaded: readonly LoadedBackend[]): Subject[] {
  const backends = loaded.flatMap((l) => (l.available ? [l.backend] : []));
  return [copySubject(), ...backends.map((b) => (isGpu(b) ? gpuBackendSubject(b) : cpuBackendSubject(b, heapOf(b))))];
}

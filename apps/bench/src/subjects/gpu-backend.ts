/**
 * A Rectify GPU backend (webgpu) as a benchmark subject.
 *
 * resident: the input is uploaded once; a timed batch submits N in-place kernel calls on the GPU
 * array and then waits for the device (the backend's sync() when it has one, else its device's
 * queue.onSubmittedWorkDone(), else a 1-element op plus download, which the in-order queue cannot
 * finish before the batch), so the time covers the GPU work, not just the submissions.
 * roundtrip: a plain typed array in, a new typed array out (upload, kernel, download each call);
 * roundtrip-out: the same, downloaded into a plain out array reused across calls.
 */
import { allocate, type ActivationBackend, type AnyTypedArray } from '@rectify/core';
import { callAsync } from './call-op.js';
import { supportedModes } from './cpu-backend.js';
import { copyOf, type Cell, type PreparedRun, type Subject } from './subject.js';

/** What the webgpu backend offers beyond ActivationBackend: arrays that stay on the GPU. */
export interface GpuBackend extends ActivationBackend {
  upload(x: AnyTypedArray): Promise<unknown> | unknown;
  download(handle: unknown): Promise<AnyTypedArray>;
  free(handle: unknown): void | Promise<void>;
  // A GPU backend has no synchronous twins, so `sync`, when present, is a function that resolves once
  // all submitted work is done: checked at run time (see deviceWaiter).
}

export function gpuBackendSubject(backend: GpuBackend): Subject {
  return {
    name: backend.name,
    role: 'backend',
    flushesSubnormals: backend.capabilities.flushesSubnormals,
    modes: (op, dtype, size) => supportedModes(backend, op, dtype, size),
    prepare: (cell, mode) => (mode === 'resident' ? resident(backend, cell) : roundtrip(backend, cell, mode === 'roundtrip-out')),
    dispose: () => backend.dispose(),
  };
}

/** A function that waits for every piece of GPU work submitted so far. */
async function deviceWaiter(backend: GpuBackend, cell: Cell): Promise<{ wait: () => Promise<void>; release: () => Promise<void> }> {
  const sync = (backend as { sync?: unknown }).sync;
  if (typeof sync === 'function') return { wait: () => (sync as () => Promise<void>).call(backend), release: async () => {} };
  const queue = (backend as { device?: { queue?: { onSubmittedWorkDone?: () => Promise<void> } } }).device?.queue;
  if (typeof queue?.onSubmittedWorkDone === 'function') return { wait: () => queue.onSubmittedWorkDone!(), release: async () => {} };
  const tiny = await backend.upload(cell.input.subarray(0, 1) as AnyTypedArray);
  return {
    wait: async () => {
      await callAsync(backend, cell.op, tiny, tiny);
      await backend.download(tiny);
    },
    release: async () => backend.free(tiny),
  };
}

async function resident(backend: GpuBackend, cell: Cell): Promise<PreparedRun> {
  const { op } = cell;
  const handle = await backend.upload(cell.input);
  const waiter = await deviceWaiter(backend, cell);
  return {
    async batch(reps) {
      for (let i = 0; i < reps; i++) await callAsync(backend, op, handle, handle);
      await waiter.wait();
    },
    async output() {
      // A fresh upload, so the check sees exactly the cell's input.
      const h = await backend.upload(cell.input);
      try {
        await callAsync(backend, op, h, h);
        return await backend.download(h);
      } finally {
        await backend.free(h);
      }
    },
    async release() {
      await backend.free(handle);
      await waiter.release();
    },
  };
}

async function roundtrip(backend: GpuBackend, cell: Cell, intoOut: boolean): Promise<PreparedRun> {
  const { op, input } = cell;
  const out = intoOut ? allocate(cell.dtype, cell.size) : undefined;
  return {
    async batch(reps) {
      for (let i = 0; i < reps; i++) await callAsync(backend, op, input, out);
    },
    output: async () => copyOf((await callAsync(backend, op, input, out)) as AnyTypedArray),
    release() {},
  };
}

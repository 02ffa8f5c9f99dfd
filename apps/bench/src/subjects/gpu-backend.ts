/**
 * A Rectify GPU backend (webgpu) as a benchmark subject.
 *
 * resident: the inputs are uploaded once; a timed batch submits N kernel calls in place on the GPU
 * array of the op's first argument and then waits for the device (the backend's sync() when it has
 * one, else its device's queue.onSubmittedWorkDone(), else a 1-element op plus download, which the
 * in-order queue cannot finish before the batch), so the time covers the GPU work, not just the
 * submissions.
 * roundtrip: plain typed arrays in, a new typed array out (upload, kernel, download each call);
 * roundtrip-out: the same, downloaded into a plain out array reused across calls.
 */
import { allocate, type ActivationBackend, type AnyTypedArray } from '@rectify/core';
import { benchOp } from '../plan.js';
import { boundCall } from './call-op.js';
import { supportedModes } from './cpu-backend.js';
import { copyOf, withXLike, xLikeOf, type Cell, type PreparedRun, type Subject } from './subject.js';

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

/** Uploads each array; frees what was uploaded if one fails. */
async function uploadAll(backend: GpuBackend, arrays: readonly AnyTypedArray[]): Promise<unknown[]> {
  const handles: unknown[] = [];
  try {
    for (const a of arrays) handles.push(await backend.upload(a));
    return handles;
  } catch (e) {
    for (const h of handles) await backend.free(h);
    throw e;
  }
}

async function freeAll(backend: GpuBackend, handles: readonly unknown[]): Promise<void> {
  for (const h of handles) await backend.free(h);
}

/** A function that waits for every piece of GPU work submitted so far. */
async function deviceWaiter(backend: GpuBackend, cell: Cell): Promise<{ wait: () => Promise<void>; release: () => Promise<void> }> {
  const sync = (backend as { sync?: unknown }).sync;
  if (typeof sync === 'function') return { wait: () => (sync as () => Promise<void>).call(backend), release: async () => {} };
  const queue = (backend as { device?: { queue?: { onSubmittedWorkDone?: () => Promise<void> } } }).device?.queue;
  if (typeof queue?.onSubmittedWorkDone === 'function') return { wait: () => queue.onSubmittedWorkDone!(), release: async () => {} };
  // One element, or one row of a per-channel op's cell (its alpha needs a whole row).
  const tiny = await uploadAll(backend, cell.inputs.map((a) => a.subarray(0, cell.channels ?? 1) as AnyTypedArray));
  const call = boundCall(backend, benchOp(cell.op), tiny, cell.params, tiny[0]);
  return {
    wait: async () => {
      await call();
      await backend.download(tiny[0]);
    },
    release: () => freeAll(backend, tiny),
  };
}

async function resident(backend: GpuBackend, cell: Cell): Promise<PreparedRun> {
  const op = benchOp(cell.op);
  // In place over the op's first array, as on the CPU backends.
  const handles = await uploadAll(backend, cell.inputs);
  const call = boundCall(backend, op, handles, cell.params, handles[0]);
  const waiter = await deviceWaiter(backend, cell);
  return {
    async batch(reps) {
      for (let i = 0; i < reps; i++) await call();
      await waiter.wait();
    },
    async output() {
      // A fresh upload, so the check sees exactly the cell's inputs.
      const fresh = await uploadAll(backend, cell.inputs);
      try {
        const result = await boundCall(backend, op, fresh, cell.params, fresh[0])();
        return withXLike(op, result, await backend.download(fresh[0]));
      } finally {
        await freeAll(backend, fresh);
      }
    },
    async release() {
      await freeAll(backend, handles);
      await waiter.release();
    },
  };
}

async function roundtrip(backend: GpuBackend, cell: Cell, intoOut: boolean): Promise<PreparedRun> {
  const op = benchOp(cell.op);
  const out = intoOut ? allocate(cell.dtype, cell.size) : undefined;
  const call = boundCall(backend, op, cell.inputs, cell.params, out);
  return {
    async batch(reps) {
      for (let i = 0; i < reps; i++) await call();
    },
    async output() {
      const result = await call();
      return withXLike(op, result, copyOf(xLikeOf(op, result)));
    },
    release() {},
  };
}

/**
 * A Rectify CPU backend (js, wasm) as a benchmark subject. resident: in place on an array that
 * already lives where the backend computes (the caller's array for js, a view on the wasm heap from
 * the backend's alloc()); roundtrip: a plain typed array in, a new typed array out; roundtrip-out:
 * a plain typed array in, written into a plain out array the caller reuses. Uses the
 * synchronous twins when the backend has them (as tfjs' dataSync is synchronous).
 */
import { allocate, type ActivationBackend, type AnyTypedArray, type DType } from '@rectify/core';
import type { BenchOp } from '../plan.js';
import { callAsync, callSync } from './call-op.js';
import { copyOf, type Cell, type Mode, type PreparedRun, type Subject } from './subject.js';

/** A backend's own memory (the wasm heap): views from alloc() are what its ops run on without copying. */
export interface HeapAllocator {
  alloc(dtype: DType, length: number): AnyTypedArray;
  free(view: AnyTypedArray): void;
  /** A new view of the same memory for a view that heap growth detached (the wasm backend has it). */
  refresh?(view: AnyTypedArray): AnyTypedArray;
}

/**
 * In-place leakyRelu multiplies the negatives by alpha on every call; after ~20 calls they would be
 * subnormal (slow on some CPUs). A batch of at most 8 calls after a reset keeps them normal floats.
 */
export const IN_PLACE_LEAKY_MAX_REPS = 8;

export function supportedModes(backend: ActivationBackend, op: BenchOp, dtype: DType, size: number): readonly Mode[] {
  const caps = backend.capabilities;
  return caps.ops[op].includes(dtype) && size <= caps.maxLength ? ['resident', 'roundtrip', 'roundtrip-out'] : [];
}

export function cpuBackendSubject(backend: ActivationBackend, heap?: HeapAllocator): Subject {
  return {
    name: backend.name,
    role: 'backend',
    flushesSubnormals: backend.capabilities.flushesSubnormals,
    modes: (op, dtype, size) => supportedModes(backend, op, dtype, size),
    prepare: async (cell, mode) =>
      mode === 'resident' ? resident(backend, cell, heap) : roundtrip(backend, cell, mode === 'roundtrip-out'),
    dispose: () => backend.dispose(),
  };
}

function resident(backend: ActivationBackend, cell: Cell, heap?: HeapAllocator): PreparedRun {
  const { op, input } = cell;
  let buf = heap ? heap.alloc(cell.dtype, cell.size) : allocate(cell.dtype, cell.size);
  const reset = () => {
    // A wasm heap view detaches when a later alloc() grows the heap: re-view it, or say so rather than time an empty array.
    if (buf.length !== cell.size && heap?.refresh) buf = heap.refresh(buf);
    if (buf.length !== cell.size) throw new Error(`${backend.name}: resident view was detached (the heap grew)`);
    buf.set(input as never);
  };
  reset();
  const sync = backend.sync;
  const batch = sync
    ? (reps: number) => {
        for (let i = 0; i < reps; i++) callSync(sync, op, buf, buf);
      }
    : async (reps: number) => {
        for (let i = 0; i < reps; i++) await callAsync(backend, op, buf, buf);
      };
  return {
    reset,
    batch,
    maxReps: op === 'leakyRelu' ? IN_PLACE_LEAKY_MAX_REPS : undefined,
    async output() {
      reset();
      await batch(1);
      return copyOf(buf);
    },
    release: () => heap?.free(buf),
  };
}

function roundtrip(backend: ActivationBackend, cell: Cell, intoOut: boolean): PreparedRun {
  const { op, input } = cell;
  const out = intoOut ? allocate(cell.dtype, cell.size) : undefined;
  const sync = backend.sync;
  const once = async () => (sync ? callSync(sync, op, input, out) : ((await callAsync(backend, op, input, out)) as AnyTypedArray));
  return {
    batch: sync
      ? (reps) => {
          for (let i = 0; i < reps; i++) callSync(sync, op, input, out);
        }
      : async (reps) => {
          for (let i = 0; i < reps; i++) await callAsync(backend, op, input, out);
        },
    output: async () => copyOf(await once()),
    release() {},
  };
}

/**
 * A Rectify CPU backend (js, wasm) as a benchmark subject. resident: in place on arrays that
 * already live where the backend computes (the caller's arrays for js, views on the wasm heap from
 * the backend's alloc()), the result written over the op's first array as the conformance suite's
 * in-place mode does; roundtrip: plain typed arrays in, a new typed array out; roundtrip-out: plain
 * typed arrays in, written into a plain out array the caller reuses. Uses the synchronous twins when
 * the backend has them (as tfjs' dataSync is synchronous).
 */
import { allocate, type ActivationBackend, type AnyTypedArray, type DType, type OpName } from '@rectify/core';
import { benchOp } from '../plan.js';
import { boundCall } from './call-op.js';
import { copyOf, withXLike, xLikeOf, type Cell, type Mode, type PreparedRun, type Subject } from './subject.js';

/** A backend's own memory (the wasm heap): views from alloc() are what its ops run on without copying. */
export interface HeapAllocator {
  alloc(dtype: DType, length: number): AnyTypedArray;
  free(view: AnyTypedArray): void;
  /** A new view of the same memory for a view that heap growth detached (the wasm backend has it). */
  refresh?(view: AnyTypedArray): AnyTypedArray;
}

/**
 * An arithmetic op in place changes its input on every call (leakyRelu multiplies the negatives by
 * alpha); after ~20 calls they would be subnormal (slow on some CPUs). A batch of at most 8 calls
 * after a reset keeps them normal floats.
 */
export const IN_PLACE_ARITHMETIC_MAX_REPS = 8;

export function supportedModes(backend: ActivationBackend, op: OpName, dtype: DType, size: number): readonly Mode[] {
  const caps = backend.capabilities;
  return caps.ops[op]?.includes(dtype) && size <= caps.maxLength ? ['resident', 'roundtrip', 'roundtrip-out'] : [];
}

/** `as`: the subject's name (default the backend's) and the modes it is timed in (default all it supports). */
export function cpuBackendSubject(backend: ActivationBackend, heap?: HeapAllocator, as: { name?: string; modes?: readonly Mode[] } = {}): Subject {
  return {
    name: as.name ?? backend.name,
    role: 'backend',
    flushesSubnormals: backend.capabilities.flushesSubnormals,
    modes: (op, dtype, size) => supportedModes(backend, op, dtype, size).filter((m) => as.modes?.includes(m) ?? true),
    prepare: async (cell, mode) =>
      mode === 'resident' ? resident(backend, cell, heap) : roundtrip(backend, cell, mode === 'roundtrip-out'),
    dispose: () => backend.dispose(),
  };
}

/** Repeats a call reps times: a plain loop for sync twins, awaiting each call for the Promise API. */
function batchOf(call: () => unknown, sync: boolean): (reps: number) => void | Promise<void> {
  return sync
    ? (reps) => {
        for (let i = 0; i < reps; i++) call();
      }
    : async (reps) => {
        for (let i = 0; i < reps; i++) await call();
      };
}

function resident(backend: ActivationBackend, cell: Cell, heap?: HeapAllocator): PreparedRun {
  const op = benchOp(cell.op);
  const api = backend.sync ?? backend;
  let bufs = cell.inputs.map(() => (heap ? heap.alloc(cell.dtype, cell.size) : allocate(cell.dtype, cell.size)));
  let call = boundCall(api, op, bufs, cell.params, bufs[0]);
  const reset = () => {
    // A wasm heap view detaches when a later alloc() grows the heap: re-view it, or say so rather than time an empty array.
    if (bufs.some((b) => b.length !== cell.size) && heap?.refresh) {
      bufs = bufs.map((b) => (b.length !== cell.size ? heap.refresh!(b) : b));
      call = boundCall(api, op, bufs, cell.params, bufs[0]);
    }
    if (bufs.some((b) => b.length !== cell.size)) throw new Error(`${backend.name}: resident view was detached (the heap grew)`);
    bufs.forEach((b, k) => b.set(cell.inputs[k] as never));
  };
  reset();
  const batch = batchOf(() => call(), backend.sync !== undefined);
  return {
    reset,
    batch,
    maxReps: op.arithmetic ? IN_PLACE_ARITHMETIC_MAX_REPS : undefined,
    async output() {
      reset();
      return withXLike(op, await call(), copyOf(bufs[0]));
    },
    release: () => bufs.forEach((b) => heap?.free(b)),
  };
}

function roundtrip(backend: ActivationBackend, cell: Cell, intoOut: boolean): PreparedRun {
  const op = benchOp(cell.op);
  const out = intoOut ? allocate(cell.dtype, cell.size) : undefined;
  const call = boundCall(backend.sync ?? backend, op, cell.inputs, cell.params, out);
  return {
    batch: batchOf(call, backend.sync !== undefined),
    async output() {
      const result = await call();
      return withXLike(op, result, copyOf(xLikeOf(op, result)));
    },
    release() {},
  };
}

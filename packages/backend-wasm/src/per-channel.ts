/**
 * Ops with a per-channel parameter (prelu's alpha): its checked copy goes into memory borrowed for
 * the call, and the kernel gets its address after the op's params (channels, inner), then, for a
 * 'gradients' op, the address of a zeroed exact-sum accumulator (core's layout, accumulatorWidth
 * i64 entries per channel) that every chunk adds to and core rounds into dalpha.
 */
import { LimitExceededError, accumulatorWidth, bytesPerElement, roundAccumulator, type AnyTypedArray, type FloatDType, type Gradients, type PreparedCall } from '@rectify/core';
import { runElementwise, type Address, type Parallel } from './chunked.js';
import { copyable, type WasmHeap } from './heap.js';
import type { Kernel } from './kernels.js';

const MAX_TERMS = 2 ** 31;

/** A call with `call.perChannel`: the array result (out), or the gradients `{ dx: out, dalpha }`. */
export function runPerChannel(
  heap: WasmHeap,
  call: PreparedCall,
  inputs: readonly AnyTypedArray[],
  addresses: readonly Address[],
  out: AnyTypedArray,
  outAddr: Address,
  kernel: Kernel,
  backend: string,
  parallel?: Parallel,
): AnyTypedArray | Gradients<AnyTypedArray, AnyTypedArray> {
  // Per-channel ops are float only (core's table).
  const dtype = call.dtype as FloatDType;
  const { length: n, params } = call;
  const perChannel = call.perChannel!;
  const gradients = call.op.result === 'gradients';
  // Each term adds below 2^32 to a signed 64-bit limb (core's layout): exact up to 2^31 terms.
  if (gradients && n > MAX_TERMS) {
    throw new LimitExceededError(backend, `${call.op.name} sums at most ${MAX_TERMS} elements per call exactly, got ${n}; the js backend sums any length exactly.`);
  }
  const size = bytesPerElement(dtype);
  const channels = perChannel.length;
  // The accumulator first: 16-aligned for its i64 entries whatever alpha's length.
  const accEntries = gradients ? channels * accumulatorWidth(dtype) : 0;
  const work = heap.borrow(accEntries * 8 + channels * size, backend);
  try {
    const alpha = work + accEntries * 8;
    heap.heapView(dtype).set(copyable(dtype, perChannel) as never, alpha / size);
    if (!gradients) {
      runElementwise(heap, dtype, n, inputs, addresses, out, outAddr, kernel, [params[0], params[1], alpha, 0], true, parallel);
      return out;
    }
    // Not split over threads: every part would add to the same accumulator.
    heap.heapView('int8').fill(0, work, alpha);
    runElementwise(heap, dtype, n, inputs, addresses, out, outAddr, kernel, [params[0], params[1], alpha, work, 0], true);
    const acc = new BigInt64Array(heap.buffer, work, accEntries);
    // float16's dalpha takes alpha's Float16Array class (perChannel is a copy of alpha, of its class).
    return { dx: out, dalpha: roundAccumulator(dtype, acc, channels, perChannel) };
  } finally {
    heap.giveBack();
  }
}

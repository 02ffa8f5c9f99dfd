/** The kernels: each op's WGSL bodies (ops.ts), and complete modules assembled around an entry point. */
import { perOp, type DType, type OpName } from '@rectify/core';
import { COMMON_WGSL, type EntryPoint } from './common.wgsl.js';
import * as bodies from './ops.js';

/** WGSL has no 64-bit float: float64 never reaches the GPU. */
export type GpuDType = Exclude<DType, 'float64'>;

/**
 * An op's WGSL bodies by dtype; a dtype without one is a dtype the backend does not declare for the
 * op. A product op also has `f16`: its float16 body in WGSL's f16 arithmetic, run instead of the
 * integer one where the device has shader-f16 and its products passed the start-up probe.
 */
export type KernelBodies = Partial<Record<GpuDType, string>> & { readonly f16?: string };

/** Every op of core's table has an entry here: the compiler checks it, and so does test/kernels.test.ts. */
export const KERNELS: Readonly<Record<OpName, KernelBodies>> = bodies satisfies Record<OpName, KernelBodies>;

/** For each op, the dtypes it is defined for that have a kernel: the backend's capabilities.ops. */
export const KERNEL_DTYPES: Readonly<Record<OpName, readonly GpuDType[]>> = Object.freeze(
  perOp((op) => Object.freeze(op.dtypes.filter((d): d is GpuDType => KERNELS[op.name][d as GpuDType] !== undefined))),
);

/** The complete WGSL module of op on dtype around an entry point; with `f16`, the op's f16 body (float16 only). */
export function kernelSource(op: OpName, dtype: GpuDType, entry: EntryPoint, f16 = false): string {
  const body = f16 ? KERNELS[op].f16 : KERNELS[op][dtype];
  if (body === undefined || (f16 && dtype !== 'float16')) throw new Error(`no ${op} kernel for ${dtype}${f16 ? ' in f16 arithmetic' : ''}`);
  return `${f16 ? 'enable f16;\n' : ''}${COMMON_WGSL}\n${body}\n${entry.code}`;
}

export { elementwiseMain, type ChannelLayout } from './elementwise.wgsl.js';
export { SUM_BYTES } from './exact-sum.wgsl.js';
export { REDUCTIONS, type Reduction, type ReductionKind } from './reduce.wgsl.js';
export { PARAMS_BYTES, packParams, paramBits, type EntryPoint, type Params } from './common.wgsl.js';

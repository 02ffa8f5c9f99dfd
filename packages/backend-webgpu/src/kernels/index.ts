/** The kernels: each op's WGSL bodies (ops.ts), and complete modules assembled around an entry point. */
import { perOp, type DType, type OpName } from '@rectify/core';
import { COMMON_WGSL, type EntryPoint } from './common.wgsl.js';
import * as bodies from './ops.js';

/** WGSL has no 64-bit float: float64 never reaches the GPU. */
export type GpuDType = Exclude<DType, 'float64'>;

/** An op's WGSL bodies by dtype; a dtype without one is a dtype the backend does not declare for the op. */
export type KernelBodies = Partial<Record<GpuDType, string>>;

/** Every op of core's table has an entry here: the compiler checks it, and so does test/kernels.test.ts. */
export const KERNELS: Readonly<Record<OpName, KernelBodies>> = bodies satisfies Record<OpName, KernelBodies>;

/** For each op, the dtypes it is defined for that have a kernel: the backend's capabilities.ops. */
export const KERNEL_DTYPES: Readonly<Record<OpName, readonly GpuDType[]>> = Object.freeze(
  perOp((op) => Object.freeze(op.dtypes.filter((d): d is GpuDType => KERNELS[op.name][d as GpuDType] !== undefined))),
);

/** The complete WGSL module of op on dtype around an entry point. */
export function kernelSource(op: OpName, dtype: GpuDType, entry: EntryPoint): string {
  const body = KERNELS[op][dtype];
  if (body === undefined) throw new Error(`no ${op} kernel for ${dtype}`);
  return `${COMMON_WGSL}\n${body}\n${entry.code}`;
}

export { elementwiseMain, type ChannelLayout } from './elementwise.wgsl.js';
export { SUM_BYTES } from './exact-sum.wgsl.js';
export { REDUCTIONS, type Reduction, type ReductionKind } from './reduce.wgsl.js';
export { PARAMS_BYTES, packParams, paramBits, type EntryPoint, type Params } from './common.wgsl.js';

/** Assembles a complete WGSL module for (op, dtype, binding variant) from the per-op kernel files. */
import type { OpName } from '@rectify/core';
import { CLIPPED_RELU_WGSL } from './clipped-relu.wgsl.js';
import { COMMON_WGSL } from './common.wgsl.js';
import { DEAD_UNITS_MAIN_WGSL, DEAD_UNITS_WGSL } from './dead-units.wgsl.js';
import { ELEMENTWISE_BINDINGS, ELEMENTWISE_MAIN_WGSL, type ElementwiseVariant } from './elementwise.wgsl.js';
import { LEAKY_RELU_WGSL } from './leaky-relu.wgsl.js';
import { RELU_GRAD_WGSL } from './relu-grad.wgsl.js';
import { RELU_WGSL } from './relu.wgsl.js';
import { STATS_MAIN_WGSL, STATS_WGSL } from './stats.wgsl.js';

export type GpuDType = 'float32' | 'int32' | 'int8';
export type Variant = ElementwiseVariant | 'reduce';
export type { ElementwiseVariant };

const BODIES: Record<OpName, Partial<Record<GpuDType, string>>> = {
  relu: RELU_WGSL,
  clippedRelu: CLIPPED_RELU_WGSL,
  leakyRelu: LEAKY_RELU_WGSL,
  reluGrad: RELU_GRAD_WGSL,
  stats: STATS_WGSL,
  deadUnits: DEAD_UNITS_WGSL,
};

/** The dtypes each op has a kernel for: the backend's capabilities come from here. */
export function kernelDTypes(op: OpName): GpuDType[] {
  return (Object.keys(BODIES[op]) as GpuDType[]).filter((d) => BODIES[op][d] !== undefined);
}

export interface KernelSource {
  code: string;
  /** Binding kinds in order: r = read-only storage, w = read-write storage, u = uniform. */
  bindings: string;
}

export function kernelSource(op: OpName, dtype: GpuDType, variant: Variant): KernelSource {
  const body = BODIES[op][dtype];
  if (body === undefined) throw new Error(`no ${op} kernel for ${dtype}`);
  if (op === 'stats' || op === 'deadUnits') {
    if (variant !== 'reduce') throw new Error(`${op} has only the reduce variant`);
    return { code: `${COMMON_WGSL}\n${body}\n${op === 'stats' ? STATS_MAIN_WGSL : DEAD_UNITS_MAIN_WGSL}`, bindings: 'rwu' };
  }
  if (variant === 'reduce') throw new Error(`${op} is elementwise`);
  return { code: `${COMMON_WGSL}\n${body}\n${ELEMENTWISE_MAIN_WGSL[variant]}`, bindings: ELEMENTWISE_BINDINGS[variant] };
}

/** Creates each bind group layout and compute pipeline once, on first use, and keeps it. */
import type { OpName } from '@rectify/core';
import { ShaderStageCompute } from './gpu-constants.js';
import { kernelSource, type EntryPoint, type GpuDType } from './kernels/index.js';

export interface Pipeline {
  pipeline: GPUComputePipeline;
  layout: GPUBindGroupLayout;
}

const BUFFER_TYPES: Record<string, GPUBufferBindingType> = { r: 'read-only-storage', w: 'storage', u: 'uniform' };

export class PipelineCache {
  private readonly layouts = new Map<string, GPUBindGroupLayout>();
  private readonly pipelines = new Map<string, Pipeline>();

  constructor(
    private readonly device: GPUDevice,
    private readonly workgroupSize: number,
  ) {}

  /** Call inside an error scope: a shader the device rejects shows up there. `f16`: the op's f16 body (kernels/index.ts). */
  get(op: OpName, dtype: GpuDType, entry: EntryPoint, f16 = false): Pipeline {
    const key = `${op}/${dtype}${f16 ? '/f16' : ''}/${entry.key}`;
    const cached = this.pipelines.get(key);
    if (cached) return cached;
    const layout = this.layout(entry.bindings);
    const module = this.device.createShaderModule({ label: `rectify ${key}`, code: kernelSource(op, dtype, entry, f16) });
    const pipeline = this.device.createComputePipeline({
      label: `rectify ${key}`,
      layout: this.device.createPipelineLayout({ bindGroupLayouts: [layout] }),
      compute: { module, entryPoint: 'main', constants: { WG: this.workgroupSize } },
    });
    const made = { pipeline, layout };
    this.pipelines.set(key, made);
    return made;
  }

  private layout(bindings: string): GPUBindGroupLayout {
    const cached = this.layouts.get(bindings);
    if (cached) return cached;
    const entries: GPUBindGroupLayoutEntry[] = [...bindings].map((kind, binding) => ({
      binding,
      visibility: ShaderStageCompute,
      buffer: { type: BUFFER_TYPES[kind] },
    }));
    const layout = this.device.createBindGroupLayout({ label: `rectify ${bindings}`, entries });
    this.layouts.set(bindings, layout);
    return layout;
  }
}

/** Creates each bind group layout and compute pipeline once, on first use, and keeps it. */
import type { OpName } from '@rectify/core';
import { ShaderStageCompute } from './gpu-constants.js';
import { kernelSource, type GpuDType, type Variant } from './kernels/index.js';

export interface Pipeline {
  pipeline: GPUComputePipeline;
  layout: GPUBindGroupLayout;
}

export class PipelineCache {
  private readonly layouts = new Map<string, GPUBindGroupLayout>();
  private readonly pipelines = new Map<string, Pipeline>();

  constructor(
    private readonly device: GPUDevice,
    private readonly workgroupSize: number,
  ) {}

  /** Call inside an error scope: a shader the device rejects shows up there. */
  get(op: OpName, dtype: GpuDType, variant: Variant): Pipeline {
    const key = `${op}/${dtype}/${variant}`;
    const cached = this.pipelines.get(key);
    if (cached) return cached;
    const { code, bindings } = kernelSource(op, dtype, variant);
    const layout = this.layout(bindings);
    const module = this.device.createShaderModule({ label: `rectify ${key}`, code });
    const pipeline = this.device.createComputePipeline({
      label: `rectify ${key}`,
      layout: this.device.createPipelineLayout({ bindGroupLayouts: [layout] }),
      compute: { module, entryPoint: 'main', constants: { WG: this.workgroupSize } },
    });
    const entry = { pipeline, layout };
    this.pipelines.set(key, entry);
    return entry;
  }

  get size(): number {
    return this.pipelines.size;
  }

  private layout(bindings: string): GPUBindGroupLayout {
    const cached = this.layouts.get(bindings);
    if (cached) return cached;
    const entries: GPUBindGroupLayoutEntry[] = [...bindings].map((kind, binding) => ({
      binding,
      visibility: ShaderStageCompute,
      buffer: { type: kind === 'u' ? 'uniform' : kind === 'r' ? 'read-only-storage' : 'storage' },
    }));
    const layout = this.device.createBindGroupLayout({ label: `rectify ${bindings}`, entries });
    this.layouts.set(bindings, layout);
    return layout;
  }
}

/** The machine a Node run measured on. Node-only. */
import { availableParallelism, cpus } from 'node:os';
import type { Machine } from '../schema.js';

export function machineInfo(gpu: Machine['gpu']): Machine {
  return {
    runtime: 'node',
    cpu: cpus()[0]?.model.trim() || 'unknown CPU',
    cores: availableParallelism(),
    runtimeVersion: process.version,
    platform: `${process.platform}-${process.arch}`,
    gpu,
  };
}

/** Messages between the page and the benchmark worker. */
import type { RunResult, Unavailable } from '@rectify/bench';

export type ToWorker = { type: 'run'; quick: boolean };

export interface GpuInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
}

export type FromWorker =
  | { type: 'progress'; done: number; total: number; label: string }
  | { type: 'done'; result: RunResult; unavailable: Unavailable[]; gpu: GpuInfo | null }
  | { type: 'failed'; message: string };

/** Starts the benchmark worker and turns its messages into a Promise plus progress callbacks. */
import type { FromWorker } from './protocol.ts';

export type BenchOutcome = Extract<FromWorker, { type: 'done' }>;

export function runInWorker(quick: boolean, onProgress: (done: number, total: number, label: string) => void): Promise<BenchOutcome> {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'rectify-bench' });
  return new Promise<BenchOutcome>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const m = event.data;
      if (m.type === 'progress') return onProgress(m.done, m.total, m.label);
      worker.terminate();
      if (m.type === 'done') resolve(m);
      else reject(new Error(m.message));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`benchmark worker failed: ${event.message || 'could not start (see the browser console)'}`));
    };
    worker.postMessage({ type: 'run', quick });
  });
}

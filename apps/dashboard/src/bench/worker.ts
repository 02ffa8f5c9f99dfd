/** The benchmark runs here, off the page's thread, so the page stays responsive while it measures. */
import { runBench } from '@rectify/bench';
import { loadAll } from '../backends/load.ts';
import { gpuInfoOf } from '../data/machine.ts';
import { browserPlan } from './plan.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import { subjectsFor } from './subjects.ts';

const scope = self as unknown as {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
};

scope.onmessage = (event) => {
  if (event.data.type !== 'run') return;
  run(event.data.quick).catch((e: unknown) => {
    scope.postMessage({ type: 'failed', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  });
};

async function run(quick: boolean): Promise<void> {
  const loaded = await loadAll();
  const unavailable = loaded.flatMap((l) => (l.available ? [] : [{ backend: l.name, reason: l.reason }]));
  const webgpu = loaded.find((l) => l.name === 'webgpu');
  const gpu = webgpu?.available ? await gpuInfoOf(webgpu.backend) : null;
  const subjects = subjectsFor(loaded);
  try {
    const result = await runBench(subjects, browserPlan(quick), {
      onProgress: (p) => scope.postMessage({ type: 'progress', ...p }),
    });
    scope.postMessage({ type: 'done', result, unavailable, gpu });
  } finally {
    for (const s of subjects) await s.dispose?.();
  }
}

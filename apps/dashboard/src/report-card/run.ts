/**
 * The report card run in this browser: our backends as this page loaded them, and the peers that
 * need a browser (tfjs-webgl, tfjs-webgpu, ort-webgpu), each graded by @rectify/conformance with its
 * first mismatches replayed. `npm run conformance:peers` drives this same run in headless Chromium.
 */
import { DEFAULT_RANDOM_LENGTH, defaultSeed } from '@rectify/conformance';
import { REPORT_CARD_VERSION, gradeForCard, unavailableCard, type CardBackend, type ReportCard } from '@rectify/peers';
import { loadBrowserPeers } from '@rectify/peers/browser';
import type { LoadedBackend } from '../backends/load.ts';

export function browserRuntime(): string {
  const ua = navigator.userAgent;
  return /Chrom(e|ium)\//.test(ua) ? 'chromium' : /Firefox\//.test(ua) ? 'firefox' : /Safari\//.test(ua) ? 'safari' : 'browser';
}

export interface ReportCardRun {
  seed?: number;
  randomLength?: number;
}

export async function runReportCard(ours: readonly LoadedBackend[], run: ReportCardRun, onProgress: (line: string) => void): Promise<ReportCard> {
  const runtime = browserRuntime();
  const seed = run.seed ?? defaultSeed();
  const randomLength = run.randomLength ?? DEFAULT_RANDOM_LENGTH;
  const backends: CardBackend[] = [];
  const grade = async (backend: Parameters<typeof gradeForCard>[0], kind: CardBackend['kind']) =>
    backends.push(await gradeForCard(backend, { kind, runtime, seed, randomLength, onProgress: (done, total) => onProgress(`${backend.name}: ${done} / ${total} op · dtype`) }));
  for (const l of ours) {
    if (l.available) await grade(l.backend, 'rectify');
    else backends.push(unavailableCard(l.name, 'rectify', runtime, l.reason));
  }
  onProgress('loading tfjs and onnxruntime-web…');
  for (const load of await loadBrowserPeers()) {
    if ('unavailable' in load) {
      backends.push(unavailableCard(load.name, 'peer', runtime, load.unavailable));
      continue;
    }
    try {
      await grade(load.backend, 'peer');
    } finally {
      await load.backend.dispose();
    }
  }
  return { schema: REPORT_CARD_VERSION, generated: new Date().toISOString(), seed, randomLength, backends };
}

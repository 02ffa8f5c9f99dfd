/**
 * Loads the backends and references a run asked for. Node-only: dynamic imports of packages that
 * may be missing or unbuilt, file paths for tfjs-wasm's binaries. A subject that cannot load is
 * listed with the reason, never dropped silently.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import type { ActivationBackend, AnyTypedArray, DType } from '@rectify/core';
import type { Unavailable } from '../run.js';
import type { Machine } from '../schema.js';
import { copySubject } from '../subjects/copy.js';
import { cpuBackendSubject, type HeapAllocator } from '../subjects/cpu-backend.js';
import { gpuBackendSubject, type GpuBackend } from '../subjects/gpu-backend.js';
import { createOrtBackend, createTfjsBackend } from '@rectify/peers';
import { ortSubject, type OrtLike } from '../subjects/ort.js';
import type { Subject } from '../subjects/subject.js';
import { tfjsSubject, type TfLike } from '../subjects/tfjs.js';
import { DEFAULT_OPS, WASM_THREADS, type BenchBackendName } from '../plan.js';
import type { ReferenceName } from './args.js';

export interface Loaded {
  subjects: Subject[];
  unavailable: Unavailable[];
  gpu: Machine['gpu'];
}

const reasonOf = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

/** import() through a variable, so TypeScript does not need the package (it may not be built yet). */
const importOptional = (specifier: string): Promise<Record<string, unknown>> => import(specifier);

type Created = ActivationBackend & Partial<HeapAllocator> & { adapterInfo?: Record<string, unknown> };

async function createFrom(pkg: string, options?: object): Promise<Created> {
  const mod = await importOptional(pkg);
  if (typeof mod.createBackend !== 'function') throw new Error(`${pkg} has no createBackend()`);
  return (await mod.createBackend(options)) as Created;
}

/** The wasm backend with a thread per core: its own series, so threads compare with one thread in the same cells. */
async function createThreaded(): Promise<Created> {
  // At most the backend's 256.
  const threads = Math.min(availableParallelism(), 256);
  if (threads < 2) throw new Error('this machine has one core: threads cannot help');
  return createFrom('@rectify/backend-wasm', { threads });
}

async function loadBackend(name: BenchBackendName): Promise<{ subject: Subject; gpu?: Machine['gpu'] }> {
  const backend = name === WASM_THREADS ? await createThreaded() : await createFrom(`@rectify/backend-${name}`);
  if (name === 'webgpu') {
    const info = backend.adapterInfo ?? {};
    const text = (k: string) => (typeof info[k] === 'string' ? (info[k] as string) : '');
    const gpu = { vendor: text('vendor'), architecture: text('architecture'), device: text('device'), description: text('description') };
    return { subject: gpuBackendSubject(backend as unknown as GpuBackend), gpu };
  }
  const heap: HeapAllocator | undefined =
    typeof backend.alloc === 'function' && typeof backend.free === 'function'
      ? {
          alloc: (d: DType, n: number) => backend.alloc!(d, n),
          free: (v: AnyTypedArray) => backend.free!(v),
          refresh: typeof backend.refresh === 'function' ? (v: AnyTypedArray) => backend.refresh!(v) : undefined,
        }
      : undefined;
  // Threads split calls on resident arrays only: its roundtrip series would repeat wasm's.
  if (name === WASM_THREADS) return { subject: cpuBackendSubject(backend, heap, { name, modes: ['resident'] }) };
  return { subject: cpuBackendSubject(backend, heap) };
}

let tfjs: Promise<TfLike & { env(): { set(flag: string, value: unknown): void } }> | undefined;

async function loadTf(name: 'tfjs-cpu' | 'tfjs-wasm'): Promise<Subject> {
  // The whole @tensorflow/tfjs (cpu backend included): in Node only its bundle registers the gradients tf.grad needs.
  tfjs ??= (async () => {
    const mod = (await import('@tensorflow/tfjs')) as unknown as { default?: unknown };
    const tf = (mod.default ?? mod) as TfLike & { env(): { set(flag: string, value: unknown): void } };
    // PROD: no debug checks and no "install tfjs-node" banner on the console.
    tf.env().set('PROD', true);
    return tf;
  })();
  const tf = await tfjs;
  if (name === 'tfjs-cpu') {
    if (!(await tf.setBackend('cpu'))) throw new Error('tfjs could not initialise its cpu backend');
    return tfjsSubject(tf, 'cpu', name, (await createTfjsBackend(tf, 'cpu')).capabilities.ops);
  }
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // In Node the .wasm binaries are read from the package's dist folder, by file path.
  const require = createRequire(import.meta.url);
  wasm.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs could not initialise its wasm backend');
  return tfjsSubject(tf, 'wasm', name, (await createTfjsBackend(tf, 'wasm')).capabilities.ops);
}

async function loadOrt(): Promise<Subject> {
  const ort = (await import('onnxruntime-web')) as unknown as OrtLike & { env: { wasm: { numThreads: number }; logLevel?: string } };
  // One thread: the benchmark compares single-threaded kernels (and Node has no cross-origin isolation to lose).
  ort.env.wasm.numThreads = 1;
  ort.env.logLevel = 'error';
  // The peer's probe: what onnxruntime-web runs here, each (op, dtype) tried once; it fails here, with
  // the reason, rather than in every cell.
  const peer = await createOrtBackend(ort, 'wasm');
  const declared = peer.capabilities.ops;
  await peer.dispose();
  if (declared[DEFAULT_OPS[0]].length === 0) throw new Error(`onnxruntime-web does not run ${DEFAULT_OPS[0]} here: ${peer.lacks[DEFAULT_OPS[0]]}`);
  return ortSubject(ort, 'ort-wasm', declared);
}

export async function loadSubjects(backends: readonly BenchBackendName[], references: readonly ReferenceName[]): Promise<Loaded> {
  const subjects: Subject[] = [copySubject()];
  const unavailable: Unavailable[] = [];
  let gpu: Machine['gpu'] = null;
  for (const name of backends) {
    try {
      const loaded = await loadBackend(name);
      subjects.push(loaded.subject);
      gpu = loaded.gpu ?? gpu;
    } catch (e) {
      unavailable.push({ backend: name, reason: reasonOf(e) });
    }
  }
  for (const name of references) {
    try {
      subjects.push(name === 'ort-wasm' ? await loadOrt() : await loadTf(name));
    } catch (e) {
      unavailable.push({ backend: name, reason: reasonOf(e) });
    }
  }
  return { subjects, unavailable, gpu };
}

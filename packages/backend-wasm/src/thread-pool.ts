/**
 * Worker threads over the backend's shared wasm memory. A call is split into parts: the calling
 * thread runs the first, each worker one other, and the call returns when all are done, so the
 * synchronous API stays synchronous. Jobs go through a small shared control block, not messages
 * (a message round trip costs tens of microseconds and needs the event loop): per worker a
 * sequence number it waits on, the number it has finished, the kernel, a failure flag and the
 * arguments (worker-source.ts reads the same layout).
 */
import type { Kernel } from './kernels.js';
import { WORKER_SOURCE } from './worker-source.js';

/** Bytes of control block per worker: its own cache lines, so workers do not share one. */
const SLOT_BYTES = 128;
const SEQ = 0;
const DONE = 1;
const KERNEL = 2;
const ARGC = 3;
const FAILED = 4;
const ARGS_BYTE_OFFSET = 32;
const MAX_ARGS = 12;
const INTS = SLOT_BYTES / 4;
/** Sequence numbers run 1..SEQ_LIMIT per worker, so a worker's next job never has the number of its last. */
const SEQ_LIMIT = 0x3fffffff;
const READY_TIMEOUT_MS = 10_000;
const SPIN = 100_000;

interface WorkerLike {
  post(message: unknown): void;
  terminate(): void;
}

interface NodeWorker {
  postMessage(message: unknown): void;
  once(event: string, listener: (value: unknown) => void): void;
  unref(): void;
  terminate(): Promise<number>;
}

/** Why threads cannot run here, or undefined when they can. */
export function threadsUnavailable(): string | undefined {
  const g = globalThis as { SharedArrayBuffer?: unknown; crossOriginIsolated?: boolean; Worker?: unknown; process?: { versions?: { node?: string } } };
  if (typeof g.SharedArrayBuffer !== 'function' || g.crossOriginIsolated === false) {
    return 'shared memory needs a cross-origin isolated page (serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)';
  }
  if (!g.process?.versions?.node && typeof g.Worker !== 'function') return 'this environment has no Worker';
  return undefined;
}

async function spawn(onMessage: (data: unknown) => void, onFailure: (reason: string) => void): Promise<WorkerLike> {
  const node = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;
  if (node) {
    // A variable specifier keeps bundlers from pulling a Node module into browser builds.
    const specifier = 'node:worker_threads';
    const { Worker } = (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as { Worker: new (code: string, options: { eval: boolean }) => NodeWorker };
    const w = new Worker(WORKER_SOURCE, { eval: true });
    w.once('message', onMessage);
    w.once('error', (e) => onFailure(e instanceof Error ? e.message : String(e)));
    // Idle workers wait on the control block: they must not keep the process alive.
    w.unref();
    return { post: (m) => w.postMessage(m), terminate: () => void w.terminate() };
  }
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  const w = new Worker(url);
  w.onmessage = (e) => {
    // Revoked once the worker answered: some engines fetched the script lazily, after new Worker() returned.
    URL.revokeObjectURL(url);
    onMessage(e.data);
  };
  w.onerror = (e) => onFailure(e.message || 'the worker failed to start');
  return { post: (m) => w.postMessage(m), terminate: () => w.terminate() };
}

/** Spawns a worker (added to `workers` at once, so it can be stopped), sends it `init`, and resolves when it is ready. */
function startWorker(init: unknown, workers: WorkerLike[]): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error === undefined) resolve();
      else reject(new Error(error));
    };
    const timer = setTimeout(() => settle(`a worker did not start within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
    const ready = (data: unknown) => {
      const d = data as { ok?: boolean; message?: string } | undefined;
      settle(d?.ok ? undefined : `a worker could not instantiate the module: ${d?.message ?? 'no reason given'}`);
    };
    spawn(ready, (reason) => settle(`a worker failed: ${reason}`)).then(
      (w) => {
        // Too late (timed out): the pool was given up without it.
        if (settled) return w.terminate();
        workers.push(w);
        w.post(init);
      },
      (e) => settle(e instanceof Error ? e.message : String(e)),
    );
  });
}

export class ThreadPool {
  /** The last sequence number given to each worker. */
  private readonly seqs: Int32Array;
  /** Calls that ran split over the threads (so a test can tell the pool did the work). */
  parallelCalls = 0;

  private constructor(
    private readonly workers: readonly WorkerLike[],
    private readonly ints: Int32Array,
    private readonly args: readonly Float64Array[],
    private readonly ids: ReadonlyMap<Kernel, number>,
    /** Atomics.wait may block here (Node, workers); a browser's main thread spins instead. */
    private readonly canBlock: boolean,
  ) {
    this.seqs = new Int32Array(workers.length);
  }

  /**
   * Starts `count` workers on `memory`, each with its own instance of `module` (the shared-memory
   * build). `kernels` are the calling thread's exports by name: a job names its kernel by index.
   */
  static async create(module: WebAssembly.Module, memory: WebAssembly.Memory, count: number, kernels: Readonly<Record<string, unknown>>): Promise<ThreadPool> {
    const names = Object.keys(kernels).filter((k) => typeof kernels[k] === 'function');
    const control = new SharedArrayBuffer(SLOT_BYTES * count);
    const workers: WorkerLike[] = [];
    const init = (slot: number) => ({ module, memory, control, offset: slot * SLOT_BYTES, names });
    // Every start settles (ready, failed or timed out) before the pool is made or given up, so no worker is left running.
    const started = await Promise.allSettled(Array.from({ length: count }, (_, slot) => startWorker(init(slot), workers)));
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) {
      for (const w of workers) w.terminate();
      throw failed.reason;
    }
    const ints = new Int32Array(control);
    const args = Array.from({ length: count }, (_, slot) => new Float64Array(control, slot * SLOT_BYTES + ARGS_BYTE_OFFSET, MAX_ARGS));
    const ids = new Map(names.map((name, i) => [kernels[name] as Kernel, i]));
    return new ThreadPool(workers, ints, args, ids, blockingAllowed());
  }

  /** Threads in all: the workers and the calling thread. */
  get threads(): number {
    return this.workers.length + 1;
  }

  /**
   * Runs `kernel(...jobs[0])` here and `kernel(...jobs[k])` on worker k - 1, returning when all are
   * done. The jobs must touch disjoint memory.
   */
  run(kernel: Kernel, jobs: readonly (readonly number[])[]): void {
    const id = this.ids.get(kernel);
    if (id === undefined || jobs.length > this.threads) throw new Error('internal: a kernel of another instance, or more jobs than threads');
    const ints = this.ints;
    for (let k = 1; k < jobs.length; k++) {
      const base = (k - 1) * INTS;
      const seq = (this.seqs[k - 1] = (this.seqs[k - 1] % SEQ_LIMIT) + 1);
      this.args[k - 1].set(jobs[k]);
      ints[base + KERNEL] = id;
      ints[base + ARGC] = jobs[k].length;
      Atomics.store(ints, base + SEQ, seq);
      Atomics.notify(ints, base + SEQ);
    }
    try {
      kernel(...jobs[0]);
    } finally {
      // Even if this part threw: the workers are still writing into the call's arrays.
      for (let k = 1; k < jobs.length; k++) this.await(k - 1);
    }
    for (let k = 1; k < jobs.length; k++) {
      if (Atomics.exchange(ints, (k - 1) * INTS + FAILED, 0) !== 0) throw new Error(`internal: worker ${k} failed to run its part of the call`);
    }
    this.parallelCalls++;
  }

  /** Returns once worker `slot` has finished its last job: spinning first (the parts take about as long), then sleeping where this thread may block. */
  private await(slot: number): void {
    const ints = this.ints;
    const at = slot * INTS + DONE;
    const seq = this.seqs[slot];
    let done = Atomics.load(ints, at);
    for (let i = 0; done !== seq && i < SPIN; i++) done = Atomics.load(ints, at);
    for (; done !== seq; done = Atomics.load(ints, at)) if (this.canBlock) Atomics.wait(ints, at, done);
  }

  /** Stops the workers (each leaves its wait loop, then is terminated). */
  dispose(): void {
    for (let k = 0; k < this.workers.length; k++) {
      Atomics.store(this.ints, k * INTS + SEQ, -1);
      Atomics.notify(this.ints, k * INTS + SEQ);
      this.workers[k].terminate();
    }
  }
}

function blockingAllowed(): boolean {
  try {
    // The value differs, so this returns at once, unless this thread may not block at all (TypeError).
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

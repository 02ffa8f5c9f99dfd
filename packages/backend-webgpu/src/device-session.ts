/**
 * One backend's hold on its GPU device: submits inside error scopes, turns what the GPU reports into
 * Rectify errors, and fails every wait (calls in flight included) once the device is lost or the
 * backend disposed, so nothing hangs.
 */
import { BackendDisposedError, BackendInternalError, DeviceLostError, OutOfMemoryError, RectifyError } from '@rectify/core';
import { BufferPool } from './buffer-pool.js';
import { STORAGE_USAGE } from './gpu-constants.js';
import { message } from './gpu-loader.js';

/** What a call records its GPU work with. */
export interface Recorder {
  readonly encoder: GPUCommandEncoder;
  /** A pooled buffer (storage unless told) for this submit only: it goes back to the pool after it. */
  temp(bytes: number, usage?: number): GPUBuffer;
  /** A pooled buffer the caller keeps once the submit succeeds (a result, a staging buffer); destroyed when it fails. */
  keep(usage: number, bytes: number): GPUBuffer;
}

export class DeviceSession {
  readonly pool: BufferPool;
  /** DeviceLostError or BackendDisposedError, once the session is over. */
  private failure: RectifyError | undefined;
  private lost: string | undefined;
  private disposed = false;
  private rejectAborted!: (e: RectifyError) => void;
  /** Rejects once the device is lost or the backend disposed: every wait on the GPU races it. */
  private readonly aborted: Promise<never>;

  constructor(
    /** The backend's name, for its errors. */
    readonly backend: string,
    readonly device: GPUDevice,
  ) {
    this.pool = new BufferPool(device, device.limits.maxBufferSize);
    this.aborted = new Promise<never>((_, reject) => {
      this.rejectAborted = reject;
    });
    this.aborted.catch(() => {});
    void device.lost.then((info) => {
      this.lost = `${info.reason}${info.message ? `: ${info.message}` : ''}`;
      if (!this.disposed) this.fail(new DeviceLostError(backend, this.lost));
    });
  }

  /** Why the device was lost, once it was. */
  get lostReason(): string | undefined {
    return this.lost;
  }

  /** True once the device was lost (and the session not disposed before). */
  get isLost(): boolean {
    return this.failure instanceof DeviceLostError;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  assertUsable(): void {
    if (this.disposed) throw new BackendDisposedError(this.backend);
    if (this.failure) throw this.failure;
  }

  /**
   * Records and submits GPU work inside validation, out-of-memory and internal error scopes, and
   * resolves once the device accepted it. When it fails, the buffers it created are destroyed, not
   * pooled: a buffer whose allocation failed must never be handed out again. Buffers it took from
   * the pool were fine before and go back to it, so a failed call leaves bufferCount as it was.
   */
  async submit(record: (recorder: Recorder) => void): Promise<void> {
    // A session that is over (device lost, disposed) records nothing more: no buffers in a dead pool.
    this.assertUsable();
    const { device, pool } = this;
    device.pushErrorScope('internal');
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    const temps: GPUBuffer[] = [];
    const kept: GPUBuffer[] = [];
    const fresh = new Set<GPUBuffer>();
    const take = (list: GPUBuffer[], usage: number, bytes: number) => {
      const t = pool.take(usage, bytes);
      if (t.fresh) fresh.add(t.buffer);
      list.push(t.buffer);
      return t.buffer;
    };
    let thrown: unknown;
    try {
      const encoder = device.createCommandEncoder();
      record({
        encoder,
        temp: (bytes, usage = STORAGE_USAGE) => take(temps, usage, bytes),
        keep: (usage, bytes) => take(kept, usage, bytes),
      });
      device.queue.submit([encoder.finish()]);
    } catch (e) {
      thrown = e;
    }
    const scopes = [device.popErrorScope(), device.popErrorScope(), device.popErrorScope()];
    let ok = false;
    try {
      let errors: (GPUError | null)[];
      try {
        errors = await this.guard(Promise.all(scopes));
      } catch (e) {
        throw await this.explain(e);
      }
      const [validation, outOfMemory, internal] = errors;
      if (thrown instanceof RectifyError) throw thrown;
      // Out of memory first: the invalid buffer it leaves makes the commands using it fail validation too.
      if (outOfMemory) {
        throw new OutOfMemoryError(this.backend, `the GPU could not allocate the buffers of this call (WebGPU: ${outOfMemory.message}).`);
      }
      if (thrown !== undefined) throw await this.explain(thrown);
      const error = validation ?? internal;
      if (error) throw new BackendInternalError(this.backend, `WebGPU ${error.constructor.name}: ${error.message}`);
      // A lost device resolves its error scopes empty: its results must not pass for good ones.
      if (this.failure) throw this.failure;
      ok = true;
    } finally {
      // Back to the pool only now, behind this submit in queue order, so later writes follow its reads.
      for (const b of ok ? temps : [...temps, ...kept]) (ok || !fresh.has(b) ? pool.release(b) : pool.destroy(b));
    }
  }

  /** Waits for GPU work, or rejects as soon as the device is lost or the backend disposed. */
  guard<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.aborted]);
  }

  /** A GPU error as a Rectify error: DeviceLostError when the device went (its lost promise may settle a moment later). */
  async explain(e: unknown): Promise<RectifyError> {
    if (e instanceof RectifyError) return e;
    if (!this.failure) {
      // A mapping aborted (its buffer unmapped: device.destroy() does that to every buffer) is almost
      // always the device going, and on a busy machine lost settles later: it gets longer to say so.
      const aborted = (e as { name?: unknown } | null)?.name === 'AbortError';
      await Promise.race([this.aborted.catch(() => {}), new Promise((r) => setTimeout(r, aborted ? 2000 : 100))]);
    }
    return this.failure ?? new BackendInternalError(this.backend, message(e));
  }

  /** Fails calls in flight and later ones with BackendDisposedError and destroys every buffer. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.fail(new BackendDisposedError(this.backend));
    this.pool.destroyAll();
  }

  private fail(error: RectifyError): void {
    if (this.failure) return;
    this.failure = error;
    this.rejectAborted(error);
  }
}

/**
 * Reuses GPU buffers by (usage, size class), so that a loop of calls does not allocate each time.
 * Sizes are rounded up to a power of two (capped at the device's maxBufferSize). Every buffer
 * the pool ever created is tracked, so dispose() can destroy them all, handles included.
 */
const MIN_SIZE = 256;
/** Idle bytes kept for reuse; beyond this, released buffers are destroyed. */
const MAX_IDLE_BYTES = 512 * 1024 * 1024;

export class BufferPool {
  private readonly idle = new Map<string, GPUBuffer[]>();
  private readonly live = new Set<GPUBuffer>();
  private idleBytes = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly maxBufferSize: number,
  ) {}

  /** A buffer of at least `bytes` bytes with exactly this usage. Call inside an error scope. */
  acquire(usage: number, bytes: number): GPUBuffer {
    return this.take(usage, bytes).buffer;
  }

  /** acquire(), saying whether the buffer is new: only a new one can be an allocation that failed. */
  take(usage: number, bytes: number): { buffer: GPUBuffer; fresh: boolean } {
    const size = this.sizeClass(bytes);
    const stack = this.idle.get(key(usage, size));
    const reused = stack?.pop();
    if (reused) {
      this.idleBytes -= size;
      return { buffer: reused, fresh: false };
    }
    const buffer = this.device.createBuffer({ size, usage });
    this.live.add(buffer);
    return { buffer, fresh: true };
  }

  /** Gives a buffer back for reuse. Safe right after a submit: queue order keeps later writes after earlier reads. */
  release(buffer: GPUBuffer): void {
    if (!this.live.has(buffer)) return;
    if (this.idleBytes + buffer.size > MAX_IDLE_BYTES || buffer.mapState !== 'unmapped') {
      this.destroy(buffer);
      return;
    }
    const k = key(buffer.usage, buffer.size);
    const stack = this.idle.get(k) ?? [];
    stack.push(buffer);
    this.idle.set(k, stack);
    this.idleBytes += buffer.size;
  }

  destroy(buffer: GPUBuffer): void {
    this.live.delete(buffer);
    buffer.destroy();
  }

  /** Buffers created and not destroyed (in use or idle): dispose() must bring this to 0. */
  get liveCount(): number {
    return this.live.size;
  }

  destroyAll(): void {
    for (const b of this.live) b.destroy();
    this.live.clear();
    this.idle.clear();
    this.idleBytes = 0;
  }

  private sizeClass(bytes: number): number {
    let size = MIN_SIZE;
    while (size < bytes) size *= 2;
    if (size > this.maxBufferSize) size = Math.ceil(bytes / 4) * 4;
    return size;
  }
}

function key(usage: number, size: number): string {
  return `${usage}:${size}`;
}

import type { OpCalls, OpName } from './ops/index.js';
import type { AsyncStyle, SyncStyle } from './ops/define.js';
import type { DType } from './dtypes.js';

/** What a backend can do, so a caller can decide without trying. */
export interface Capabilities {
  /** For each op, the dtypes it accepts; any other dtype fails with UnsupportedDTypeError. */
  ops: Readonly<Record<OpName, readonly DType[]>>;
  /** True when leakyRelu turns subnormal results into zeros of the same sign (docs/semantics.md's one allowed deviation). */
  flushesSubnormals: boolean;
  /** True when the data lives on a separate device (GPU), so round trips cost a copy. */
  deviceBacked: boolean;
  /** True when the backend also offers synchronous twins of its ops in `sync`. */
  sync: boolean;
  /** True when the backend keeps arrays in its own memory (wasm heap, GPU buffers) that callers may use directly. */
  residentArrays: boolean;
  /** Largest element count one call accepts (Number.MAX_SAFE_INTEGER when bounded only by memory). */
  maxLength: number;
}

/**
 * Synchronous twins of the ops, for CPU backends. Same arguments, same errors, same results.
 * `out` may be the input itself (in place). The result is `out` when given, else a new array.
 */
export type SyncOps = OpCalls<SyncStyle>;

/**
 * A compute backend: one method per op (src/ops), each returning a Promise, since a GPU cannot
 * answer synchronously. Semantics: docs/semantics.md at the repository root (bit-exact, NumPy's
 * float32 rules).
 */
export interface ActivationBackend extends OpCalls<AsyncStyle> {
  readonly name: string;
  readonly capabilities: Capabilities;
  /** Synchronous twins, on CPU backends whose capabilities say `sync: true`. */
  readonly sync?: SyncOps;
  /**
   * True when `value` is an array of this backend's own memory (a wasm heap view, a GpuArray) that its
   * ops take as is. Optional: a router such as @rectify/backend-auto sends a call on such an array to its owner.
   */
  isResident?(value: unknown): boolean;
  /** Releases what the backend holds. Later calls fail with BackendDisposedError. Safe to call twice. */
  dispose(): void | Promise<void>;
}

/** What a backend package registers so that `loadBackend` can find it without core importing it. */
export interface BackendFactory {
  readonly name: string;
  /** Higher is preferred when the caller gives no order. */
  readonly priority: number;
  /** Resolves to `{ available: false, reason }` instead of throwing. */
  isAvailable(): Promise<Availability>;
  create(options?: Record<string, unknown>): Promise<ActivationBackend>;
}

export type Availability = { available: true } | { available: false; reason: string };

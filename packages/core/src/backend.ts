import { DTYPES, FLOAT_DTYPES, type AnyTypedArray, type DType } from './dtypes.js';

/** The ops every backend offers. */
export type OpName = 'relu' | 'clippedRelu' | 'leakyRelu' | 'reluGrad' | 'stats' | 'deadUnits';

export const OP_NAMES: readonly OpName[] = ['relu', 'clippedRelu', 'leakyRelu', 'reluGrad', 'stats', 'deadUnits'];

/** Every dtype each op is defined for (docs/semantics.md): a backend that does it all declares exactly this. */
export const SPEC_DTYPES: Readonly<Record<OpName, readonly DType[]>> = Object.freeze({
  relu: DTYPES,
  clippedRelu: DTYPES,
  leakyRelu: FLOAT_DTYPES,
  reluGrad: FLOAT_DTYPES,
  stats: DTYPES,
  deadUnits: DTYPES,
});

/** Counts of one array's elements by sign. Sparsity after relu is (negative + zero) / length. */
export interface ActivationStats {
  length: number;
  /** x < 0, -Infinity included. */
  negative: number;
  /** +0 and -0. */
  zero: number;
  /** x > 0, +Infinity included. */
  positive: number;
  /** NaNs of any sign and payload (always 0 for integer dtypes). */
  nan: number;
}

/** What a backend can do, so a caller can decide without trying. */
export interface Capabilities {
  /** For each op, the dtypes it accepts; any other dtype fails with UnsupportedDTypeError. */
  ops: Readonly<Record<OpName, readonly DType[]>>;
  /** True when leakyRelu turns subnormal results into zeros of the same sign (SPEC's one allowed deviation). */
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
export interface SyncOps {
  relu<T extends AnyTypedArray>(x: T, out?: T): T;
  clippedRelu<T extends AnyTypedArray>(x: T, ceiling?: number, out?: T): T;
  leakyRelu<T extends AnyTypedArray>(x: T, alpha?: number, out?: T): T;
  reluGrad<T extends AnyTypedArray>(dy: T, x: T, out?: T): T;
  stats(x: AnyTypedArray): ActivationStats;
  deadUnits(x: AnyTypedArray, rows: number, cols: number): Uint32Array;
}

/**
 * A compute backend. Every op returns a Promise, since a GPU cannot answer synchronously.
 * Semantics: docs/semantics.md at the repository root (bit-exact, NumPy's float32 rules).
 */
export interface ActivationBackend {
  readonly name: string;
  readonly capabilities: Capabilities;
  /** `x < 0 ? +0 : x`. */
  relu<T extends AnyTypedArray>(x: T, out?: T): Promise<T>;
  /** `x < 0 ? +0 : min(x, ceiling)`; ceiling defaults to 6 (relu6). */
  clippedRelu<T extends AnyTypedArray>(x: T, ceiling?: number, out?: T): Promise<T>;
  /** `x < 0 ? alpha * x : x`; alpha defaults to 0.01 and is rounded to the dtype first. */
  leakyRelu<T extends AnyTypedArray>(x: T, alpha?: number, out?: T): Promise<T>;
  /** `x <= 0 ? +0 : dy`. */
  reluGrad<T extends AnyTypedArray>(dy: T, x: T, out?: T): Promise<T>;
  /** Counts by sign, for diagnosing a layer's pre-activations. */
  stats(x: AnyTypedArray): Promise<ActivationStats>;
  /** For a row-major rows × cols matrix, how many rows are > 0 in each column; 0 means a dead unit. */
  deadUnits(x: AnyTypedArray, rows: number, cols: number): Promise<Uint32Array>;
  /** Synchronous twins, on CPU backends whose capabilities say `sync: true`. */
  readonly sync?: SyncOps;
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

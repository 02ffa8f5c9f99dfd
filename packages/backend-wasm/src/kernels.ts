/** The compiled module's exports (assembly/*.ts), and which kernel serves each op on each dtype. */
import type { DType } from '@rectify/core';

type Unary = (x: number, out: number, n: number) => void;
type WithScalar = (x: number, out: number, n: number, scalar: number) => void;
type Grad = (dy: number, x: number, out: number, n: number) => void;
type Stats = (x: number, n: number, result: number) => void;
type DeadUnits = (x: number, rows: number, cols: number, stride: number, counts: number) => void;

type Suffix = 'F32' | 'F64' | 'I32' | 'I8';
type FloatSuffix = 'F32' | 'F64';

export type KernelExports = { memory: WebAssembly.Memory; heapBase(): number } & {
  [K in `relu${Suffix}`]: Unary;
} & { [K in `clippedRelu${Suffix}`]: WithScalar } & { [K in `leakyRelu${FloatSuffix}`]: WithScalar } & {
  [K in `reluGrad${FloatSuffix}`]: Grad;
} & { [K in `stats${Suffix}`]: Stats } & { [K in `deadUnits${Suffix}`]: DeadUnits };

const SUFFIX: Readonly<Record<DType, Suffix>> = { float32: 'F32', float64: 'F64', int32: 'I32', int8: 'I8' };

/** Pointers and counts are unsigned in wasm; `>>> 0` is not needed: an i32 argument wraps the same way. */
export function kernelsFor(exports: KernelExports, dtype: DType) {
  const s = SUFFIX[dtype];
  const f = s as FloatSuffix; // only used for float dtypes; validation rejects the others first
  return {
    relu: exports[`relu${s}`],
    clippedRelu: exports[`clippedRelu${s}`],
    leakyRelu: exports[`leakyRelu${f}`],
    reluGrad: exports[`reluGrad${f}`],
    stats: exports[`stats${s}`],
    deadUnits: exports[`deadUnits${s}`],
  };
}

export type DTypeKernels = ReturnType<typeof kernelsFor>;

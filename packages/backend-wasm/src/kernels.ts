/**
 * The compiled module's exports (assembly/*.ts) and which one serves each op on each dtype. Kernel
 * names derive from core's op table: `${op.name}${SUFFIX[dtype]}`, e.g. reluF32, so a new op needs
 * no edit here, only its assembly file.
 */
import { OPS, type Capabilities, type DType, type OpDefinition } from '@rectify/core';

/**
 * A kernel export. Pointers and counts are unsigned in wasm; `>>> 0` is not needed: an i32 argument
 * wraps the same way. Calling conventions, by the op's result kind:
 * - 'array':  (...inputPointers, outPointer, n, ...params)
 * - 'array' with a per-channel parameter: (...inputPointers, outPointer, n, channels, inner, alphaPointer, start),
 *   start being the flat index of the first element (chunks of a plain array start past 0)
 * - 'gradients': (...inputPointers, dxPointer, n, channels, inner, alphaPointer, accPointer, start), adding
 *   to the i64 exact-sum accumulator at accPointer (core's exact-sum.ts layout)
 * - 'stats':  (x, n, resultPointer), three u32 counts written at resultPointer
 * - 'counts': (x, rows, cols, stride, countsPointer), adding to u32 counts
 * - 'bins':   (x, n, edgesPointer, k, countsPointer), adding to the k + 2 u32 counts at countsPointer
 *   (below, the k - 1 bins, above, NaN) for the k ascending finite float64 edges at edgesPointer
 * - 'sums':   (x, rows, cols, stride, accPointer), adding column c of a rows × cols block (row r at
 *   x + r * stride elements) to its sum at accPointer: floats into core's exact-sum layout
 *   (accumulatorWidth i64 entries a column; float16 in float32's), integers into one i64 a column
 */
export type Kernel = (...args: number[]) => void;

/** Typed loosely on purpose: the kernel names are not spelled out here, and tests check them against the module. */
export type KernelExports = { memory: WebAssembly.Memory; heapBase(): number } & Record<string, unknown>;

export const SUFFIX: Readonly<Record<DType, string>> = Object.freeze({ float32: 'F32', float64: 'F64', float16: 'F16', int32: 'I32', int8: 'I8' });

export function kernelName(op: OpDefinition, dtype: DType): string {
  return `${op.name}${SUFFIX[dtype]}`;
}

/** Per op name, per declared dtype, its kernel. */
export type KernelTable = Readonly<Record<string, Readonly<Partial<Record<DType, Kernel>>>>>;

/** Looks up every kernel the capabilities declare, once; a missing one is a build bug, reported here rather than mid-call. */
export function kernelTable(exports: KernelExports, ops: Capabilities['ops']): KernelTable {
  const table: Record<string, Partial<Record<DType, Kernel>>> = {};
  const missing: string[] = [];
  for (const op of OPS) {
    const row: Partial<Record<DType, Kernel>> = {};
    for (const dtype of ops[op.name]) {
      const kernel = exports[kernelName(op, dtype)];
      if (typeof kernel === 'function') row[dtype] = kernel as Kernel;
      else missing.push(kernelName(op, dtype));
    }
    table[op.name] = row;
  }
  if (missing.length > 0) throw new Error(`the wasm module lacks kernels ${missing.join(', ')}; rebuild it (scripts/build-wasm.mjs)`);
  return table;
}

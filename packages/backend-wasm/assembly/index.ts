// Entry point: every kernel, plus where free memory starts. One file per op of core's table, each
// exporting `${op}${F32|F64|F16|I32|I8}` for the dtypes the op has (src/kernels.ts finds them by that
// name; test/kernels.test.ts checks the set); half.ts holds float16's bit tests and conversions,
// exact-sum.ts the exact accumulator that preluGrad and columnSums add into.
// Pointers are byte addresses in this module's memory, n is an element count. The JS side validates
// everything before calling.
export * from './relu';
export * from './clipped-relu';
export * from './leaky-relu';
export * from './prelu';
export * from './relu-grad';
export * from './leaky-relu-grad';
export * from './clipped-relu-grad';
export * from './prelu-grad';
export * from './stats';
export * from './dead-units';
export * from './histogram';
export * from './column-sums';

/** First byte past the module's static data: the JS allocator owns everything from here on. */
export function heapBase(): usize {
  return __heap_base;
}

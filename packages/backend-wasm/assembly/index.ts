// Entry point: every kernel, plus where free memory starts. Pointers are byte addresses in this
// module's memory, n is an element count. The JS side validates everything before calling.
export * from './relu';
export * from './clipped-relu';
export * from './leaky-relu';
export * from './relu-grad';
export * from './stats';
export * from './dead-units';

/** First byte past the module's static data: the JS allocator owns everything from here on. */
export function heapBase(): usize {
  return __heap_base;
}

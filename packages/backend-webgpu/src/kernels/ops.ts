// One WGSL file per op, each exporting its per-dtype bodies under the op's name; index.ts checks the set against core's table.
export * from './relu.wgsl.js';
export * from './clipped-relu.wgsl.js';
export * from './leaky-relu.wgsl.js';
export * from './prelu.wgsl.js';
export * from './relu-grad.wgsl.js';
export * from './leaky-relu-grad.wgsl.js';
export * from './clipped-relu-grad.wgsl.js';
export * from './prelu-grad.wgsl.js';
export * from './stats.wgsl.js';
export * from './dead-units.wgsl.js';
export * from './histogram.wgsl.js';
export * from './column-sums.wgsl.js';

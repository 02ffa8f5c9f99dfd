// One kernel per op, each exported under its op's name (js-backend.ts checks the set against core's table).
export * from './relu.js';
export * from './clipped-relu.js';
export * from './leaky-relu.js';
export * from './relu-grad.js';
export * from './stats.js';
export * from './dead-units.js';
export * from './prelu.js';
export * from './leaky-relu-grad.js';
export * from './clipped-relu-grad.js';
export * from './prelu-grad.js';
export * from './histogram.js';
export * from './column-sums.js';

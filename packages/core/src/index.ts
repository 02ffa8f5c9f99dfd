export * from './dtypes.js';
export * from './errors.js';
export * from './backend.js';
export * from './ops/index.js';
export * from './call.js';
export * from './validate.js';
export * from './registry.js';
export * from './sync-backend.js';
export { oracle } from './oracle.js';

export * from './dtypes.js';
export * from './errors.js';
export * from './backend.js';
export * from './validate.js';
export * from './registry.js';
export * from './sync-backend.js';
export * as oracle from './oracle.js';

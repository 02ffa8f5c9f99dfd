import { createBackend } from '../src/index.js';
import { skipReason } from './setup.js';
import { describeLeakyExactness } from './shared/leaky-exactness.js';

describeLeakyExactness(() => createBackend(), skipReason);

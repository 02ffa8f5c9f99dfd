import { describeConformance } from '@rectify/conformance/vitest';
import { createBackend } from '../src/index.js';

describeConformance('js', () => createBackend());

// Runs the README's usage example with node and compares what it prints with its `// prints:` comments.
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { runReadmeExample } from '../../../tools/readme-example.js';
import { skipReason } from './setup.js';

it.skipIf(skipReason !== undefined)('the README example prints what it says', () => {
  const { printed, promised } = runReadmeExample(resolve(import.meta.dirname, '..'));
  expect(promised.length).toBeGreaterThan(3);
  expect(printed).toEqual(promised);
}, 60_000);

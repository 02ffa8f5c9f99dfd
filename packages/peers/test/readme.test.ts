import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { runReadmeExample } from '../../../tools/readme-example.js';

it('README example prints what it says', () => {
  const { printed, promised } = runReadmeExample(resolve(import.meta.dirname, '..'));
  expect(promised.length).toBe(2);
  expect(printed).toEqual(promised);
}, 60_000);

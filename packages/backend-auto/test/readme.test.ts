import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPackedExample, runReadmeExample } from '../../../tools/readme-example.js';

const here = resolve(import.meta.dirname, '..');
const packages = ['packages/core', 'packages/backend-js', 'packages/backend-wasm', 'packages/backend-auto'];

describe('README example', () => {
  it('prints what it says, from the workspace', () => {
    const { printed, promised } = runReadmeExample(here);
    expect(promised.length).toBeGreaterThan(3);
    expect(printed).toEqual(promised);
  });
  it('runs from packed tarballs installed in an empty folder outside the repo', () => {
    const { printed, promised } = runPackedExample(packages, 'packages/backend-auto');
    expect(printed).toEqual(promised);
  }, 180_000);
});

import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPackedExample, runReadmeExample } from '../../../tools/readme-example.js';

describe('README example', () => {
  it('prints what its comments say', () => {
    const { printed, promised } = runReadmeExample(resolve(import.meta.dirname, '..'));
    expect(promised.length).toBeGreaterThan(3);
    expect(printed).toEqual(promised);
  });
  it('runs from the packed tarballs of core and backend-wasm alone, installed offline outside the repo', () => {
    const { printed, promised } = runPackedExample(['packages/core', 'packages/backend-wasm'], 'packages/backend-wasm');
    expect(printed).toEqual(promised);
  }, 120_000);
});

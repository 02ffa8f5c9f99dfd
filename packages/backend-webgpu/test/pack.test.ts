// The published shape works: pack core and this package, install the tarballs in a fresh project
// outside the repository, link the `webgpu` optional peer from this repo (a 20 MB native build),
// and run the README example there.
import { expect, it } from 'vitest';
import { runPackedExample } from '../../../tools/readme-example.js';
import { skipReason } from './setup.js';

it.skipIf(skipReason !== undefined)('npm pack + install in a fresh project runs the README example', () => {
  const { printed, promised } = runPackedExample(['packages/core', 'packages/backend-webgpu'], 'packages/backend-webgpu', { link: ['webgpu'] });
  expect(promised.length).toBeGreaterThan(3);
  expect(printed).toEqual(promised);
}, 240_000);

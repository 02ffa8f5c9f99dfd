// The pack tests install tarballs the way a user would, on any machine: registry dependencies at the
// versions this repo locked, never from the npm cache alone (a fresh machine's cache is empty).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { lockedDependencies } from '../readme-example.js';

const root = resolve(import.meta.dirname, '../..');
const installed = (name: string) => JSON.parse(readFileSync(resolve(root, 'node_modules', name, 'package.json'), 'utf8')).version;

it('pins each registry dependency of the packed packages to the installed version, and no workspace package', () => {
  expect(lockedDependencies(['packages/core', 'packages/backend-js'])).toEqual([]);
  expect(lockedDependencies(['packages/core', 'packages/backend-webgpu'])).toEqual([`@webgpu/types@${installed('@webgpu/types')}`]);
});

it('installs with --prefer-offline, never --offline (which needs registry metadata in the cache)', () => {
  const helper = readFileSync(resolve(root, 'tools/readme-example.ts'), 'utf8');
  expect(helper).toContain("'--prefer-offline'");
  expect(helper).not.toMatch(/'--offline'/);
});

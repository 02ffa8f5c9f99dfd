import { loadBackend } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import '../src/index.js';

describe('registration', () => {
  it('makes the js backend loadable through core', async () => {
    const { backend } = await loadBackend({ preferences: ['js'] });
    expect(backend.name).toBe('js');
    expect(Array.from(await backend.relu(new Int8Array([-3, 3])))).toEqual([0, 3]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import {
  BackendUnavailableError,
  InvalidParameterError,
  loadBackend,
  registerBackend,
  registeredBackends,
  unregisterBackend,
  type ActivationBackend,
  type BackendFactory,
} from '../src/index.js';

const made: string[] = [];
function fake(name: string, priority: number, availability: { available: true } | { available: false; reason: string }, fails = false): BackendFactory {
  return {
    name,
    priority,
    isAvailable: async () => availability,
    create: async () => {
      if (fails) throw new Error('init exploded');
      made.push(name);
      return { name } as ActivationBackend;
    },
  };
}

afterEach(() => {
  for (const f of registeredBackends()) unregisterBackend(f.name);
  made.length = 0;
});

describe('registry', () => {
  it('picks the highest priority that works and says why others were skipped', async () => {
    registerBackend(fake('gpu', 30, { available: false, reason: 'no adapter' }));
    registerBackend(fake('simd', 20, { available: true }, true));
    registerBackend(fake('plain', 10, { available: true }));
    const { backend, skipped } = await loadBackend();
    expect(backend.name).toBe('plain');
    expect(skipped).toEqual([
      { name: 'gpu', reason: 'no adapter' },
      { name: 'simd', reason: 'failed to initialise: init exploded' },
    ]);
    expect(made).toEqual(['plain']);
  });
  it('follows explicit preferences, naming unregistered ones', async () => {
    registerBackend(fake('a', 1, { available: true }));
    registerBackend(fake('b', 2, { available: true }));
    const { backend, skipped } = await loadBackend({ preferences: ['missing', 'a'] });
    expect(backend.name).toBe('a');
    expect(skipped[0].reason).toMatch(/not registered.*@rectify\/backend-missing/);
  });
  it('throws BackendUnavailableError with every reason when nothing works', async () => {
    registerBackend(fake('gpu', 3, { available: false, reason: 'no adapter' }));
    await expect(loadBackend()).rejects.toThrow(BackendUnavailableError);
    await expect(loadBackend()).rejects.toThrow(/gpu: no adapter/);
  });
  it('rejects malformed factories and preferences', async () => {
    expect(() => registerBackend({ name: '' } as BackendFactory)).toThrow(InvalidParameterError);
    expect(() => registerBackend({ ...fake('x', 1, { available: true }), priority: NaN })).toThrow(InvalidParameterError);
    await expect(loadBackend({ preferences: 'js' as unknown as string[] })).rejects.toThrow(InvalidParameterError);
  });
});

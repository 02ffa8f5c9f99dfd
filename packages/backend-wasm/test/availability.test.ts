import { BackendUnavailableError, loadBackend, registeredBackends } from '@rectify/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBackend, isAvailable } from '../src/index.js';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('isAvailable', () => {
  it('is true on this Node (wasm SIMD since Node 16.4)', () => {
    expect(isAvailable()).toEqual({ available: true });
  });

  it('gives the reason when the engine lacks SIMD, and createBackend then throws BackendUnavailableError', async () => {
    const validate = vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    const result = isAvailable();
    expect(validate).toHaveBeenCalledOnce();
    const probe = validate.mock.calls[0][0] as Uint8Array<ArrayBuffer>;
    validate.mockRestore();
    // The probe is a real SIMD module: it validates on this engine, and not once its v128 use is broken.
    expect(WebAssembly.validate(probe)).toBe(true);
    const broken = probe.slice();
    broken[broken.length - 3] = 0xff; // an opcode that does not exist
    expect(WebAssembly.validate(broken)).toBe(false);
    expect(result.available).toBe(false);
    expect(!result.available && result.reason).toMatch(/SIMD/);

    vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    const error = await createBackend().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as BackendUnavailableError).reason).toMatch(/SIMD/);
  });

  it('says when WebAssembly itself is missing', () => {
    vi.stubGlobal('WebAssembly', undefined);
    const result = isAvailable();
    expect(result.available).toBe(false);
    expect(!result.available && result.reason).toMatch(/WebAssembly is not available/);
  });
});

describe('registry', () => {
  it("registers 'wasm' with priority 20, and loadBackend picks it", async () => {
    const factory = registeredBackends().find((f) => f.name === 'wasm');
    expect(factory?.priority).toBe(20);
    expect(await factory!.isAvailable()).toEqual({ available: true });
    const { backend } = await loadBackend({ preferences: ['wasm'] });
    expect(backend.name).toBe('wasm');
    expect(backend.capabilities).toMatchObject({ sync: true, residentArrays: true, flushesSubnormals: false });
    await backend.dispose();
  });
});

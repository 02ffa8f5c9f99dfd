import { createBackend as createJs } from '@rectify/backend-js';
import { createBackend as createWasm, type WasmBackend } from '@rectify/backend-wasm';
import { UnsupportedDTypeError, NotATypedArrayError, type ActivationBackend } from '@rectify/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createBackend, type RoutingTable } from '../src/index.js';

// A saved table: js wins at 256, wasm at 65536 (figures in µs per call).
const routes: RoutingTable = {
  measurements: [
    { family: 'elementwise', dtype: 'float32', length: 256, micros: { js: 1, wasm: 2 } },
    { family: 'elementwise', dtype: 'float32', length: 65536, micros: { js: 200, wasm: 50 } },
  ],
};

describe('routing', async () => {
  const js = await createJs();
  const wasm = (await createWasm()) as WasmBackend;
  const auto = await createBackend({ backends: [wasm, js], routes });
  afterAll(async () => {
    await auto.dispose();
    await wasm.dispose();
  });

  it('routes by the nearest calibrated size class', async () => {
    await auto.relu(new Float32Array(100));
    expect(auto.lastRoute).toMatchObject({ backend: 'js', reason: 'size', length: 100 });
    await auto.relu(new Float32Array(30_000));
    expect(auto.lastRoute).toMatchObject({ backend: 'wasm', reason: 'size' });
    expect(auto.route('relu', new Float32Array(3000)).figures?.length).toBe(256);
  });

  it('keeps a wasm heap view with wasm, whatever its size', async () => {
    const view = wasm.alloc('float32', 4);
    view.set([-1, 2, -3, 4]);
    const y = await auto.relu(view, view);
    expect(Array.from(y)).toEqual([0, 2, 0, 4]);
    expect(auto.lastRoute).toMatchObject({ backend: 'wasm', reason: 'resident' });
    wasm.free(view);
  });

  it('goes to the most preferred candidate where nothing was calibrated, and says so', async () => {
    await auto.stats(new Int8Array(10));
    expect(auto.lastRoute).toMatchObject({ backend: 'wasm', reason: 'uncalibrated' });
    expect(auto.explain()).toContain('last call: stats int8 × 10 ran on wasm (uncalibrated)');
  });

  it('fails a bad call with the typed error before routing, and keeps the last route', async () => {
    const before = auto.lastRoute;
    await expect(auto.relu([1, 2] as never)).rejects.toBeInstanceOf(NotATypedArrayError);
    expect(auto.lastRoute).toBe(before);
  });

  it('declares the union of its candidates and leaves passed-in backends undisposed', async () => {
    const only = await createBackend({ backends: [js], routes: { measurements: [] } });
    expect(only.capabilities.ops).toEqual(js.capabilities.ops);
    // js has synchronous twins for everything it declares, so the router has them too.
    expect(only.capabilities.sync).toBe(true);
    await only.dispose();
    expect(Array.from(await js.relu(new Float32Array([-1])))).toEqual([0]);
  });

  it('has synchronous twins that route like the Promise methods, and none when the sync candidates lack calls', async () => {
    const y = auto.sync!.relu(new Float32Array([-1, 2]));
    expect(Array.from(y)).toEqual([0, 2]);
    expect(auto.lastRoute).toMatchObject({ backend: 'js', reason: 'size', length: 2 });
    auto.sync!.relu(new Float32Array(30_000));
    expect(auto.lastRoute).toMatchObject({ backend: 'wasm', reason: 'size' });
    expect(() => auto.sync!.relu([1, 2] as never)).toThrow(NotATypedArrayError);
    const asyncOnly: ActivationBackend = { ...js, name: 'async-only', sync: undefined, capabilities: { ...js.capabilities, sync: false } } as never;
    const partialSync = await createBackend({ backends: [asyncOnly, wasm], routes });
    // wasm declares everything async-only does: the twins route among wasm alone.
    expect(partialSync.capabilities.sync).toBe(true);
    const none = await createBackend({ backends: [asyncOnly], routes });
    expect([none.capabilities.sync, none.sync]).toEqual([false, undefined]);
  });

  it('allocates on wasm\'s heap, and calls on those views stay there, in place', async () => {
    const view = auto.alloc('float32', 3);
    view.set([-1, 5, -2]);
    auto.sync!.relu(view, view);
    expect([Array.from(view), auto.lastRoute?.backend, auto.lastRoute?.reason]).toEqual([[0, 5, 0], 'wasm', 'resident']);
    expect(wasm.isResident(view)).toBe(true);
    auto.free(view);
    const jsOnly = await createBackend({ backends: [js], routes: { measurements: [] } });
    expect(() => jsOnly.alloc('float32', 1)).toThrow(/no candidate has memory of its own/);
  });

  it('routes repeated sync calls on the same view as the first, until the view stops being resident', async () => {
    const view = auto.alloc('float32', 3);
    const plain = new Float32Array(3);
    for (let k = 0; k < 3; k++) {
      view.set([-1, 5, -2]);
      auto.sync!.relu(view, view);
      expect([Array.from(view), auto.lastRoute?.reason]).toEqual([[0, 5, 0], 'resident']);
    }
    auto.free(view);
    // Freed, it is no longer wasm's own array: routed as any other array of its size.
    auto.sync!.relu(view, plain);
    expect(auto.lastRoute).toMatchObject({ reason: 'size', length: 3 });
    // A plain first array with a resident out is still the owner's call.
    const out = auto.alloc('float32', 3);
    auto.sync!.relu(plain, out);
    expect(auto.lastRoute?.reason).toBe('resident');
    auto.free(out);
  });

  it('names itself in UnsupportedDTypeError for a dtype no candidate takes', async () => {
    const partial: ActivationBackend = { ...js, name: 'partial', capabilities: { ...js.capabilities, ops: { ...js.capabilities.ops, relu: ['float32'] } } } as never;
    const one = await createBackend({ backends: [partial], routes: { measurements: [] } });
    await expect(one.relu(new Int8Array(2))).rejects.toBeInstanceOf(UnsupportedDTypeError);
  });

  it('calibrates within its budget when given no table', async () => {
    const start = performance.now();
    const calibrated = await createBackend({ backends: [wasm, js] });
    expect(performance.now() - start).toBeLessThan(1000); // the budget is 150 ms; slack for a loaded CI machine
    expect(calibrated.routingTable.measurements.length).toBeGreaterThan(0);
    // Each measurement has a figure of its own for every candidate (timed interleaved, kept per candidate).
    for (const m of calibrated.routingTable.measurements) {
      expect(Object.keys(m.micros).sort()).toEqual(['js', 'wasm']);
      for (const micros of Object.values(m.micros)) expect(micros > 0 && Number.isFinite(micros)).toBe(true);
    }
    expect(calibrated.explain()).toMatch(/calibrated here in \d+ ms/);
  });
});

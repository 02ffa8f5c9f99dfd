import { createBackend as createJs } from '@rectify/backend-js';
import { createBackend as createWebGpu, isAvailable } from '@rectify/backend-webgpu';
import { afterAll, describe, expect, it } from 'vitest';
import { createBackend } from '../src/index.js';

const availability = await isAvailable();
const skip = availability.available ? undefined : availability.reason;

describe.skipIf(skip !== undefined)(`a GpuArray stays on the GPU${skip ? ` (skipped: ${skip})` : ''}`, async () => {
  const gpu = await createWebGpu();
  const js = await createJs();
  const auto = await createBackend({ backends: [gpu, js], routes: { measurements: [] } });
  afterAll(() => gpu.dispose());

  it('runs resident calls on webgpu and plain ones on the CPU', async () => {
    const x = await gpu.upload(new Float32Array([-1, 2, -3]));
    // AutoBackend types its ops on typed arrays; resident handles pass through as the owner takes them.
    const y = await auto.relu(x as never);
    expect(auto.lastRoute).toMatchObject({ backend: 'webgpu', reason: 'resident' });
    expect(Array.from(await gpu.download(y as never))).toEqual([0, 2, 0]);
    await auto.relu(new Float32Array(1 << 16));
    expect(auto.lastRoute?.backend).toBe('js');
    gpu.free(x);
    // A freed GpuArray still belongs to webgpu, which says why the call cannot run.
    await expect(auto.relu(x as never)).rejects.toMatchObject({ name: 'StaleViewError' });
  });
});

/** Small hand-made inputs shared by the tests. */
import type { BenchRecord } from '../src/schema.js';
import type { UnratedRecord } from '../src/ratios.js';

export function record(over: Partial<UnratedRecord> & Pick<UnratedRecord, 'backend' | 'medianNs'>): UnratedRecord {
  const size = over.size ?? 1024;
  return {
    mode: 'resident',
    op: 'relu',
    dtype: 'float32',
    size,
    minNs: over.medianNs,
    maxNs: over.medianNs,
    samples: 5,
    gbps: (2 * size * 4) / over.medianNs,
    verified: null,
    ...over,
  };
}

export function validReport(records: BenchRecord[] = []): Record<string, unknown> {
  return {
    schemaVersion: 1,
    createdAt: '2025-01-01T00:00:00.000Z',
    machine: { runtime: 'node', cpu: 'test CPU', cores: 2, runtimeVersion: 'v20.20.0', platform: 'linux-x64', gpu: null },
    unavailable: [{ backend: 'webgpu', reason: 'no adapter' }],
    wrong: [],
    records,
  };
}

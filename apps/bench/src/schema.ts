/**
 * The JSON that `rectify-bench --json FILE` writes and the dashboard reads (and exports, from the browser).
 * Bump SCHEMA_VERSION on any change that an older reader would misread.
 */
import { z } from 'zod';

export const SCHEMA_VERSION = 1;

export const MachineSchema = z.object({
  /** 'node' for the CLI, 'browser' for the dashboard. */
  runtime: z.enum(['node', 'browser']),
  /** Free text: CPU model in Node, navigator.userAgent in a browser. */
  cpu: z.string(),
  cores: z.number().int().nonnegative(),
  /** Node's version (process.version) or the browser's user agent. */
  runtimeVersion: z.string(),
  platform: z.string(),
  /** The WebGPU adapter used, when there was one. */
  gpu: z
    .object({ vendor: z.string(), architecture: z.string(), device: z.string(), description: z.string() })
    .nullable(),
});

export const RecordSchema = z.object({
  /** A Rectify backend ('js', 'wasm', 'webgpu'), or a reference: 'copy', 'tfjs-cpu', 'tfjs-wasm', 'ort-wasm'. */
  backend: z.string(),
  /**
   * 'resident': data already where the backend computes; 'roundtrip': plain typed array in, new typed
   * array out; 'roundtrip-out': plain typed array in, written into a plain `out` the caller reuses
   * (no allocation per call; peers cannot do this, so their 'roundtrip' is what it is compared with).
   */
  mode: z.enum(['resident', 'roundtrip', 'roundtrip-out']),
  /** The op's name, with ' C=N' after it for an op with a per-channel parameter run with N channels (channels last): 'prelu C=64'. */
  op: z.string(),
  dtype: z.string(),
  /** Elements per call. */
  size: z.number().int().positive(),
  medianNs: z.number().nonnegative(),
  minNs: z.number().nonnegative(),
  maxNs: z.number().nonnegative(),
  /** Timed runs behind the median. */
  samples: z.number().int().positive(),
  /** (bytes read + bytes written) / median time, in GB/s (1e9 bytes). */
  gbps: z.number().nonnegative(),
  /** This record's throughput divided by the same cell's copy in the matching mode (roundtrip: into a new array; else into a reused one); > 1 is faster than a copy. */
  vsCopy: z.number().nonnegative(),
  /** Throughput ratio against each peer measured in the same cell, keyed by the peer's backend name. */
  vsPeers: z.record(z.string(), z.number().nonnegative()),
  /** True when the output matched the oracle before timing; references that were not checked are null. */
  verified: z.boolean().nullable(),
});

export const UnavailableSchema = z.object({ backend: z.string(), reason: z.string() });

export const BenchReportSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  /** ISO 8601 time the run started. */
  createdAt: z.string(),
  machine: MachineSchema,
  /** Backends and references that could not run here, with why. */
  unavailable: z.array(UnavailableSchema),
  /** Cells whose backend gave a wrong result: reported, never timed. */
  wrong: z.array(z.object({ backend: z.string(), mode: z.string(), op: z.string(), dtype: z.string(), size: z.number(), detail: z.string() })),
  records: z.array(RecordSchema),
});

export type Machine = z.infer<typeof MachineSchema>;
export type BenchRecord = z.infer<typeof RecordSchema>;
export type BenchReport = z.infer<typeof BenchReportSchema>;

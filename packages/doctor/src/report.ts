/**
 * The doctor's report: what `--json` writes (validated with zod, so the dashboard and other tools can
 * rely on it) and the figures every finding cites.
 */
import { z } from 'zod';

export const LayerReport = z.object({
  /** The ONNX node's name, or the .npy file's. */
  name: z.string(),
  /** relu, leakyRelu, prelu or clippedRelu; the ONNX op in parentheses for models, e.g. 'relu (Relu)'. */
  op: z.string(),
  units: z.number().int().nonnegative(),
  /** Rows of the samples × units view: samples, times spatial positions for a conv layer. */
  samples: z.number().int().nonnegative(),
  /** Units never > 0 on the data. */
  dead: z.number().int().nonnegative(),
  /** Units > 0 on fewer than the dormant share of samples, dead ones excluded. */
  dormant: z.number().int().nonnegative(),
  /** Indices of the dead units (at most 100). */
  deadIndices: z.array(z.number().int()),
  /** Share of pre-activations <= 0 (the units' outputs are 0 for relu), NaNs excluded. */
  sparsity: z.number().min(0).max(1),
  nan: z.number().int().nonnegative(),
  inf: z.number().int().nonnegative(),
  /** Per unit, the mean of the layer's output over the samples (bias shift); null where the outputs hold a NaN or an infinity. */
  meanOutput: z.array(z.number().nullable()),
  /** clippedRelu (relu6): share of pre-activations at or above the ceiling. */
  saturation: z.number().min(0).max(1).optional(),
  histogram: z.object({
    edges: z.array(z.number()),
    /** [below the first edge, each bin, above the last edge, NaN]. */
    counts: z.array(z.number().int().nonnegative()),
  }),
  /** True when the figures come from the activation's output (a fused Conv/Gemm hides its input). */
  fromOutput: z.boolean().optional(),
});
export type LayerReport = z.infer<typeof LayerReport>;

export const Finding = z.object({
  layer: z.string(),
  kind: z.enum(['dead', 'dormant', 'nan', 'bias-shift', 'saturation']),
  /** The figure that triggered it, e.g. 0.42 for 42% dead units. */
  figure: z.number(),
  message: z.string(),
  advice: z.string(),
});
export type Finding = z.infer<typeof Finding>;

export const DoctorReport = z.object({
  schemaVersion: z.literal(1),
  /** The backend that ran the ops, and the ops × dtypes it could not take (run on js instead). */
  backend: z.string(),
  fallbacks: z.array(z.string()),
  /** Backends passed over, and why. */
  skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
  source: z.object({
    kind: z.enum(['onnx', 'npy']),
    files: z.array(z.string()),
    /** Set when the model ran on seeded random inputs (--random), not on data. */
    random: z.object({ samples: z.number().int().positive(), seed: z.number().int() }).optional(),
  }),
  dormantThreshold: z.number(),
  layers: z.array(LayerReport),
  findings: z.array(Finding),
});
export type DoctorReport = z.infer<typeof DoctorReport>;

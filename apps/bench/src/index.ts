/**
 * @rectify/bench's environment-free parts: the JSON schema, the timing loop and statistics, ratio
 * arithmetic, inputs, oracle checks, the subjects (adapters for backends and references) and the
 * runner. The dashboard runs these in a browser Web Worker; the CLI (src/cli.ts) adds Node-only
 * loading, machine info, the progress bar and file output.
 */
export * from './schema.js';
export { summarize, type Timing } from './stats.js';
export { measureInterleaved, checkBudget, type TimedRun, type TimingBudget, type SeriesResult } from './timing.js';
export { COPY, copyModeFor, bytesMoved, gbps, throughputRatio, rateRecords, type UnratedRecord } from './ratios.js';
export {
  BENCH_OPS,
  DEFAULT_OPS,
  DEFAULT_CHANNELS,
  cellChannels,
  cellOp,
  parseCellOp,
  BENCH_DTYPES,
  BACKEND_NAMES,
  benchOp,
  DEFAULT_SIZES,
  QUICK_SIZES,
  MAX_SIZE,
  parseSize,
  formatSize,
  defaultBudget,
  quickBudget,
  fixedBudget,
  type BackendName,
  type BenchPlan,
} from './plan.js';
export { benchAlpha, benchInput, benchInputs } from './inputs.js';
export { expected, verifyOutput } from './verify.js';
export { runBench, planSeries, type RunResult, type RunOptions, type Progress, type WrongCell, type Unavailable } from './run.js';
export { buildReport, validateReport } from './report.js';
export { formatTable, formatNs } from './table.js';
export { copyOf, type Cell, type Mode, type PreparedRun, type Subject } from './subjects/subject.js';
export { copySubject } from './subjects/copy.js';
export { cpuBackendSubject, IN_PLACE_ARITHMETIC_MAX_REPS, type HeapAllocator } from './subjects/cpu-backend.js';
export { gpuBackendSubject, type GpuBackend } from './subjects/gpu-backend.js';
export { tfjsSubject, type TfLike, type TfTensor } from './subjects/tfjs.js';
export { ortSubject, type OrtLike, type OrtSession, type OrtTensor } from './subjects/ort.js';

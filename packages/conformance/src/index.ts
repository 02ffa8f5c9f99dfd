export { seededRandom, defaultSeed } from './random.js';
export { bitView, hexBits, cloneBits, sameBits } from './bits.js';
export { specialValues, makeInput, cancellingInputs, DEFAULT_LENGTHS } from './inputs.js';
export { firstMismatch } from './compare.js';
export { FLOAT16_ALPHAS, FLOAT16_CEILINGS, ensureFloat16, float16Partners, float16Sweeps, type Float16Sweep } from './float16.js';
export {
  declaredCalls,
  arraySeed,
  callInputs,
  callLabel,
  compareResult,
  runCall,
  describeMismatch,
  type CallMode,
  type CallOptions,
  type Mismatch,
  type OpCall,
  type ResidentHooks,
} from './check.js';
export { badInputCases, disposedCases, type BadInputCase } from './bad-inputs.js';
export { checkBackend, crossCheck, type CaseResult, type CheckOptions, type CrossCheckReport } from './report.js';
export { fuzzBackend, type FuzzOptions, type FuzzResult } from './fuzz.js';
export { crossCheckBadCalls, type BadCallOutcome, type Disagreement } from './agreement.js';
export { checkConcurrent, type ConcurrencyOptions } from './concurrency.js';
export {
  MISMATCH_CLASSES,
  DEFAULT_RANDOM_LENGTH,
  REPLAY_COPIES,
  classify,
  gradeBackend,
  replayExample,
  specialInputs,
  type CardEntry,
  type CardExample,
  type GradeOptions,
  type InputSet,
  type MismatchClass,
  type Replay,
  type SetTally,
} from './report-card.js';

import { DTYPES, type AnyTypedArray } from '../dtypes.js';
import { defineOp, fixed, type CallStyle, type Returns } from './define.js';

/** Counts of one array's elements by sign. Sparsity after relu is (negative + zero) / length. */
export interface ActivationStats {
  length: number;
  /** x < 0, -Infinity included. */
  negative: number;
  /** +0 and -0. */
  zero: number;
  /** x > 0, +Infinity included. */
  positive: number;
  /** NaNs of any sign and payload (always 0 for integer dtypes). */
  nan: number;
}

export interface StatsCall<S extends CallStyle> {
  /** Counts by sign, for diagnosing a layer's pre-activations (sparsity, NaN blow-ups). */
  stats<T extends S['array']>(x: T): Returns<S, ActivationStats>;
}

export const stats = defineOp({
  name: 'stats',
  doc: 'counts { length, negative, zero, positive, nan } of x by sign',
  arrays: ['x'],
  params: [],
  result: 'stats',
  dtypes: DTYPES,
  arithmetic: false,
  checkParams: () => [],
  oracle: ([x]): ActivationStats => {
    const s: ActivationStats = { length: x.length, negative: 0, zero: 0, positive: 0, nan: 0 };
    for (const v of x as AnyTypedArray) {
      if (v < 0) s.negative++;
      else if (v === 0) s.zero++;
      else if (v > 0) s.positive++;
      else s.nan++;
    }
    return s;
  },
  cases: () => [fixed()],
  invalid: () => [],
});

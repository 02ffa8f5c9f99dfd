import { DTYPES, type AnyTypedArray } from '../dtypes.js';
import { elementwise } from './elementwise.js';
import { defineOp, fixed, type CallStyle, type Returns } from './define.js';

export interface ReluCall<S extends CallStyle> {
  /** `x < 0 ? +0 : x`: -0 and NaN keep their bits. */
  relu<T extends S['array']>(x: T, out?: T): Returns<S, T>;
}

export const relu = defineOp({
  name: 'relu',
  doc: 'x < 0 ? +0 : x (np.maximum(0, x)); -0 and NaNs keep their bits',
  arrays: ['x'],
  params: [],
  result: 'array',
  dtypes: DTYPES,
  arithmetic: false,
  checkParams: () => [],
  oracle: ([x]) => elementwise(x as AnyTypedArray, (v) => (v < 0 ? 0 : 'keep')),
  cases: () => [fixed()],
  invalid: () => [],
});

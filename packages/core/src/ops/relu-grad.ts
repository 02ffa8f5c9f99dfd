import { FLOAT_DTYPES, type AnyTypedArray } from '../dtypes.js';
import { elementwise } from './elementwise.js';
import { defineOp, fixed, type CallStyle, type Returns } from './define.js';

export interface ReluGradCall<S extends CallStyle> {
  /** `x <= 0 ? +0 : dy`, dy's bits kept; a NaN in x passes dy through (PyTorch's threshold_backward). */
  reluGrad<T extends S['array']>(dy: T, x: T, out?: T): Returns<S, T>;
}

export const reluGrad = defineOp({
  name: 'reluGrad',
  doc: "x <= 0 ? +0 : dy (PyTorch's threshold_backward); a NaN in x passes dy through",
  arrays: ['dy', 'x'],
  params: [],
  result: 'array',
  dtypes: FLOAT_DTYPES,
  arithmetic: false,
  checkParams: () => [],
  oracle: ([dy, x]) => elementwise(x as AnyTypedArray, (v) => (v <= 0 ? 0 : 'keep'), dy as AnyTypedArray),
  cases: () => [fixed()],
  invalid: () => [],
});

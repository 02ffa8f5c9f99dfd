import { FLOAT_DTYPES, type AnyTypedArray } from '../dtypes.js';
import { checkCeiling } from '../validate.js';
import { elementwise } from './elementwise.js';
import { ceilingCases, invalidCeilings } from './scalar-cases.js';
import { defineOp, type CallStyle, type Returns } from './define.js';

export interface ClippedReluGradCall<S extends CallStyle> {
  /** `0 < x < ceiling ? dy : +0`, dy's bits kept (relu6's gradient); a NaN x passes dy. ceiling as clippedRelu's. */
  clippedReluGrad<T extends S['array']>(dy: T, x: T, ceiling?: number, out?: T): Returns<S, T>;
}

export const clippedReluGrad = defineOp({
  name: 'clippedReluGrad',
  doc: "0 < x < ceiling ? dy : +0 (relu6's gradient, PyTorch's hardtanh_backward); a NaN x passes dy",
  arrays: ['dy', 'x'],
  params: [{ name: 'ceiling', default: 6, doc: 'finite and > 0 after rounding to the dtype' }],
  result: 'array',
  dtypes: FLOAT_DTYPES,
  arithmetic: false,
  checkParams: (dtype, _length, values) => [checkCeiling(dtype, values[0])],
  oracle: ([dy, x], [c]) => elementwise(x as AnyTypedArray, (v) => ((v > 0 && v < c) || Number.isNaN(v) ? 'keep' : 0), dy as AnyTypedArray),
  cases: ceilingCases,
  invalid: invalidCeilings,
});

import { DTYPES, type AnyTypedArray } from '../dtypes.js';
import { elementwise } from './elementwise.js';
import { checkCeiling } from '../validate.js';
import { ceilingCases, invalidCeilings } from './scalar-cases.js';
import { defineOp, type CallStyle, type Returns } from './define.js';

export interface ClippedReluCall<S extends CallStyle> {
  /** `x < 0 ? +0 : min(x, ceiling)`; ceiling defaults to 6 (relu6) and is rounded to the dtype. */
  clippedRelu<T extends S['array']>(x: T, ceiling?: number, out?: T): Returns<S, T>;
}

export const clippedRelu = defineOp({
  name: 'clippedRelu',
  doc: 'x < 0 ? +0 : min(x, ceiling), ceiling = 6 by default (relu6)',
  arrays: ['x'],
  params: [{ name: 'ceiling', default: 6, doc: 'finite and > 0 after rounding to the dtype; an integer in 1..max for int dtypes' }],
  result: 'array',
  dtypes: DTYPES,
  arithmetic: false,
  checkParams: (dtype, _length, values) => [checkCeiling(dtype, values[0])],
  oracle: ([x], [c]) => elementwise(x as AnyTypedArray, (v) => (v < 0 ? 0 : v > c ? c : 'keep')),
  cases: ceilingCases,
  invalid: invalidCeilings,
});

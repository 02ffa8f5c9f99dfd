import { FLOAT_DTYPES, roundToDType, type AnyTypedArray } from '../dtypes.js';
import { checkAlpha } from '../validate.js';
import { elementwise } from './elementwise.js';
import { defineOp, fixed, rejectedScalars, type CallStyle, type Returns } from './define.js';

export interface LeakyReluGradCall<S extends CallStyle> {
  /** `x > 0 ? dy : alpha * dy` (x == 0 takes alpha * dy, as PyTorch); a NaN x passes dy. alpha as leakyRelu's. */
  leakyReluGrad<T extends S['array']>(dy: T, x: T, alpha?: number, out?: T): Returns<S, T>;
}

export const leakyReluGrad = defineOp({
  name: 'leakyReluGrad',
  doc: "x > 0 ? dy : alpha * dy (PyTorch's leaky_relu_backward; x == 0 takes alpha * dy); a NaN x passes dy",
  arrays: ['dy', 'x'],
  params: [{ name: 'alpha', default: 0.01, doc: 'finite after rounding to the dtype; 0 and negative values allowed' }],
  result: 'array',
  dtypes: FLOAT_DTYPES,
  arithmetic: true,
  checkParams: (dtype, _length, values) => [checkAlpha(dtype, values[0])],
  oracle: ([dy, x], [a]) => {
    const dtype = x instanceof Float32Array ? 'float32' : 'float64';
    return elementwise(x as AnyTypedArray, (v, i) => (v > 0 || Number.isNaN(v) ? 'keep' : roundToDType(dtype, a * dy[i])), dy as AnyTypedArray);
  },
  cases: () => [fixed(undefined), fixed(0.2), fixed(0), fixed(-1.5), fixed(1e-30), fixed(3)],
  invalid: (dtype) => rejectedScalars('alpha', [null, '0.01', {}, Number.NaN, Infinity, -Infinity, ...(dtype === 'float32' ? [1e39] : [])]),
});

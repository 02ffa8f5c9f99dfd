/** The conformance cases of the scalar parameters (alpha, ceiling), per dtype: values that round to something else or to nothing. */
import { isFloatDType, type DType } from '../dtypes.js';
import { fixed, rejectedScalars, type InvalidParams, type ParamCase } from './define.js';

/** Alphas whose products cover signs, zero and (1e-30; float16: 1e-7, itself subnormal) subnormal results. */
export function alphaCases(dtype: DType): ParamCase[] {
  return [fixed(undefined), fixed(0.2), fixed(0), fixed(-1.5), fixed(dtype === 'float16' ? 1e-7 : 1e-30), fixed(3)];
}

/** Values that overflow the dtype when rounded (float64 has none a JS number can be). */
const OVERFLOWS: Partial<Record<DType, readonly number[]>> = { float32: [1e39], float16: [65520, 1e5] };
/** Positive values that round to 0 in the dtype. */
const UNDERFLOWS: Partial<Record<DType, readonly number[]>> = { float32: [1e-50], float16: [1e-8] };

export function invalidAlphas(dtype: DType): InvalidParams[] {
  return rejectedScalars('alpha', [null, '0.01', {}, Number.NaN, Infinity, -Infinity, ...(OVERFLOWS[dtype] ?? [])]);
}

export function ceilingCases(dtype: DType): ParamCase[] {
  if (!isFloatDType(dtype)) return [fixed(undefined), fixed(1), fixed(100)];
  return [fixed(undefined), fixed(0.5), fixed(dtype === 'float16' ? 60000 : 1e30)];
}

export function invalidCeilings(dtype: DType): InvalidParams[] {
  return rejectedScalars(
    'ceiling',
    isFloatDType(dtype)
      ? [null, '6', {}, Number.NaN, Infinity, -Infinity, 0, -0, -1, ...(UNDERFLOWS[dtype] ?? []), ...(OVERFLOWS[dtype] ?? [])]
      : [null, {}, 0, -1, 1.5, Number.NaN, dtype === 'int8' ? 128 : 2 ** 31],
  );
}

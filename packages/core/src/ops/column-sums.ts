import { DTYPES, dtypeOf, isFloatDType, valuesOf, type AnyTypedArray } from '../dtypes.js';
import { exactUnits, roundExactSum, type ExactTotal } from '../exact-sum.js';
import { defineOp, type CallStyle, type Returns } from './define.js';
import { MATRIX_PARAMS, checkMatrixParams, matrixCases, matrixInvalid } from './matrix.js';

export interface ColumnSumsCall<S extends CallStyle> {
  /** Per column of a row-major rows × cols matrix, the exact sum of its rows, rounded once to float64 (Python's math.fsum per column). */
  columnSums<T extends S['array']>(x: T, rows: number, cols: number): Returns<S, Float64Array>;
}

export const columnSums = defineOp({
  name: 'columnSums',
  doc: 'per column of a row-major rows × cols matrix, the exact sum of its rows rounded once to float64 (math.fsum)',
  arrays: ['x'],
  params: MATRIX_PARAMS,
  result: 'sums',
  dtypes: DTYPES,
  arithmetic: false,
  checkParams: checkMatrixParams,
  oracle: ([x], [rows, cols]) => {
    const dtype = dtypeOf(x)!;
    const v = valuesOf(x as AnyTypedArray);
    const sums: ExactTotal[] = Array.from({ length: cols }, () => ({ total: 0n, posInf: false, negInf: false, nan: false }));
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const t = v[r * cols + c];
        const s = sums[c];
        if (t !== t) s.nan = true;
        else if (t === Infinity) s.posInf = true;
        else if (t === -Infinity) s.negInf = true;
        else s.total += isFloatDType(dtype) ? exactUnits(dtype, t) : BigInt(t);
      }
    }
    return Float64Array.from(sums, (s) => roundExactSum('float64', s, dtype));
  },
  cases: matrixCases,
  invalid: matrixInvalid,
});

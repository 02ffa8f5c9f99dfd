import { DTYPES, type AnyTypedArray } from '../dtypes.js';
import { defineOp, type CallStyle, type Returns } from './define.js';
import { MATRIX_PARAMS, checkMatrixParams, matrixCases, matrixInvalid } from './matrix.js';

export interface DeadUnitsCall<S extends CallStyle> {
  /** For a row-major rows × cols matrix (rows = samples, cols = units), how many rows are > 0 in each column; 0 is a dead unit. */
  deadUnits<T extends S['array']>(x: T, rows: number, cols: number): Returns<S, Uint32Array>;
}

export const deadUnits = defineOp({
  name: 'deadUnits',
  doc: 'per column of a row-major rows × cols matrix, how many rows are > 0 (0: a dead unit)',
  arrays: ['x'],
  params: MATRIX_PARAMS,
  result: 'counts',
  dtypes: DTYPES,
  arithmetic: false,
  checkParams: checkMatrixParams,
  oracle: ([x], [rows, cols]) => {
    const counts = new Uint32Array(cols);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) if ((x as AnyTypedArray)[r * cols + c] > 0) counts[c]++;
    }
    return counts;
  },
  cases: matrixCases,
  invalid: matrixInvalid,
});

import { DTYPES, type AnyTypedArray } from '../dtypes.js';
import { ShapeMismatchError } from '../errors.js';
import { checkMatrixShape } from '../validate.js';
import { defineOp, type CallStyle, type Returns } from './define.js';

export interface DeadUnitsCall<S extends CallStyle> {
  /** For a row-major rows × cols matrix (rows = samples, cols = units), how many rows are > 0 in each column; 0 is a dead unit. */
  deadUnits<T extends S['array']>(x: T, rows: number, cols: number): Returns<S, Uint32Array>;
}

/** A shape for `length` elements with cols dividing it (1 when it is prime), 7 columns of nothing for 0. */
export function shapeFor(length: number): [rows: number, cols: number] {
  if (length === 0) return [0, 7];
  const cols = [129, 17, 16, 5, 4, 3].find((c) => length % c === 0) ?? 1;
  return [length / cols, cols];
}

export const deadUnits = defineOp({
  name: 'deadUnits',
  doc: 'per column of a row-major rows × cols matrix, how many rows are > 0 (0: a dead unit)',
  arrays: ['x'],
  params: [
    { name: 'rows', doc: 'samples in the batch, a non-negative integer' },
    { name: 'cols', doc: 'units of the layer, a non-negative integer; rows * cols = x.length' },
  ],
  result: 'counts',
  dtypes: DTYPES,
  arithmetic: false,
  checkParams: (_dtype, length, [rows, cols]) => {
    checkMatrixShape(length, rows, cols);
    return [rows as number, cols as number];
  },
  oracle: ([x], [rows, cols]) => {
    const counts = new Uint32Array(cols);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) if ((x as AnyTypedArray)[r * cols + c] > 0) counts[c]++;
    }
    return counts;
  },
  cases: () => [{ label: 'rows × cols of the length', params: shapeFor }],
  // For 17 elements.
  invalid: () =>
    ([[5, 2], [1, 16], [-17, -1], [8.5, 2], [Number.NaN, 17], [null, 17], [17, undefined]] as const).map(([rows, cols]) => ({
      label: `rows=${rows} cols=${cols}`,
      params: [rows, cols],
      error: ShapeMismatchError,
    })),
});

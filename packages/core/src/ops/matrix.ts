/** What the ops on a row-major rows × cols matrix (deadUnits, columnSums) share: their shape parameters, checks and cases. */
import { ShapeMismatchError } from '../errors.js';
import { checkMatrixShape } from '../validate.js';
import type { InvalidParams, ParamCase, ParamDefinition } from './define.js';

/** A shape for `length` elements with cols dividing it (1 when it is prime), 7 columns of nothing for 0. */
export function shapeFor(length: number): [rows: number, cols: number] {
  if (length === 0) return [0, 7];
  const cols = [129, 17, 16, 5, 4, 3].find((c) => length % c === 0) ?? 1;
  return [length / cols, cols];
}

export const MATRIX_PARAMS: readonly ParamDefinition[] = [
  { name: 'rows', doc: 'samples in the batch, a non-negative integer' },
  { name: 'cols', doc: 'units of the layer, a non-negative integer; rows * cols = x.length' },
];

/** The checked shape, or a thrown ShapeMismatchError. */
export function checkMatrixParams(_dtype: unknown, length: number, [rows, cols]: readonly unknown[]): number[] {
  checkMatrixShape(length, rows, cols);
  return [rows as number, cols as number];
}

export const matrixCases = (): ParamCase[] => [{ label: 'rows × cols of the length', params: shapeFor }];

/** Bad shapes for 17 elements. */
export const matrixInvalid = (): InvalidParams[] =>
  ([[5, 2], [1, 16], [-17, -1], [8.5, 2], [Number.NaN, 17], [null, 17], [17, undefined]] as const).map(([rows, cols]) => ({
    label: `rows=${rows} cols=${cols}`,
    params: [rows, cols],
    error: ShapeMismatchError,
  }));

/**
 * Parameter checks the op definitions (src/ops) share; each returns what the kernel needs (the
 * scalar rounded to the dtype) or throws. Whole calls are checked by prepareCall (call.ts).
 */
import { intRange, isFloatDType, roundToDType, type DType } from './dtypes.js';
import { InvalidParameterError, ShapeMismatchError } from './errors.js';

/** deadUnits' shape: rows and cols non-negative integers with rows * cols === length. */
export function checkMatrixShape(length: number, rows: unknown, cols: unknown): void {
  for (const [name, v] of [['rows', rows], ['cols', cols]] as const) {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      throw new ShapeMismatchError(`${name} must be a non-negative integer, got ${String(v)}.`);
    }
  }
  if ((rows as number) * (cols as number) !== length) {
    throw new ShapeMismatchError(
      `rows * cols = ${rows} * ${cols} = ${(rows as number) * (cols as number)} but x has ${length} elements; ` +
        'x must be the row-major rows × cols matrix (rows = batch size, cols = units).',
    );
  }
}

/** clippedRelu's ceiling, rounded to the dtype: finite and > 0 for floats, an integer in 1..max for ints. */
export function checkCeiling(dtype: DType, ceiling: unknown): number {
  if (typeof ceiling !== 'number') throw new InvalidParameterError(`ceiling must be a number, got ${ceiling === null ? 'null' : typeof ceiling}. Leave it out (or pass undefined) for the default, 6.`);
  if (isFloatDType(dtype)) {
    const c = roundToDType(dtype, ceiling);
    if (!Number.isFinite(c) || !(c > 0)) {
      throw new InvalidParameterError(
        `ceiling must be finite and > 0 as a ${dtype}, got ${ceiling}${c !== ceiling ? ` (${c} after rounding)` : ''}. relu6 uses 6.`,
      );
    }
    return c;
  }
  const [, max] = intRange(dtype);
  if (!Number.isInteger(ceiling) || ceiling <= 0 || ceiling > max) {
    throw new InvalidParameterError(`ceiling must be an integer in 1..${max} for ${dtype}, got ${ceiling}.`);
  }
  return ceiling;
}

/** leakyRelu's alpha, rounded to the dtype; it must stay finite. */
export function checkAlpha(dtype: DType, alpha: unknown): number {
  if (typeof alpha !== 'number') throw new InvalidParameterError(`alpha must be a number, got ${alpha === null ? 'null' : typeof alpha}. Leave it out (or pass undefined) for the default, 0.01.`);
  const a = roundToDType(dtype, alpha);
  if (!Number.isFinite(a)) {
    throw new InvalidParameterError(
      `alpha must be finite as a ${dtype}, got ${alpha}${a !== alpha ? ` (${a} after rounding)` : ''}. The usual value is 0.01.`,
    );
  }
  return a;
}

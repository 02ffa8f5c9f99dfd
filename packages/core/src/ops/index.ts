/**
 * The op table: every op Rectify defines, once. Adding an op is a file in this folder plus a line
 * in OPS and in OpCalls below (docs/adding-an-op.md); everything else derives from here.
 */
import type { DType } from '../dtypes.js';
import { columnSums, type ColumnSumsCall } from './column-sums.js';
import { clippedReluGrad, type ClippedReluGradCall } from './clipped-relu-grad.js';
import { clippedRelu, type ClippedReluCall } from './clipped-relu.js';
import { deadUnits, type DeadUnitsCall } from './dead-units.js';
import type { CallStyle, OpDefinition } from './define.js';
import { histogram, type HistogramCall } from './histogram.js';
import { leakyReluGrad, type LeakyReluGradCall } from './leaky-relu-grad.js';
import { leakyRelu, type LeakyReluCall } from './leaky-relu.js';
import { preluGrad, type PreluGradCall } from './prelu-grad.js';
import { prelu, type PreluCall } from './prelu.js';
import { reluGrad, type ReluGradCall } from './relu-grad.js';
import { relu, type ReluCall } from './relu.js';
import { stats, type StatsCall } from './stats.js';

export const OPS = Object.freeze([relu, clippedRelu, leakyRelu, prelu, reluGrad, leakyReluGrad, clippedReluGrad, preluGrad, stats, deadUnits, histogram, columnSums] as const);

/** The methods of every op, for one call style (sync or Promise, typed arrays or a backend's handles). */
export type OpCalls<S extends CallStyle> = ReluCall<S> &
  ClippedReluCall<S> &
  LeakyReluCall<S> &
  PreluCall<S> &
  ReluGradCall<S> &
  LeakyReluGradCall<S> &
  ClippedReluGradCall<S> &
  PreluGradCall<S> &
  StatsCall<S> &
  DeadUnitsCall<S> &
  HistogramCall<S> &
  ColumnSumsCall<S>;

export type OpName = (typeof OPS)[number]['name'];

// Compile-time check that the table and the method types name the same ops.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const sameOps: Same<OpName, keyof OpCalls<CallStyle>> = true;
void sameOps;

export const OP_NAMES: readonly OpName[] = Object.freeze(OPS.map((op) => op.name));

const BY_NAME = new Map<string, OpDefinition<OpName>>(OPS.map((op) => [op.name, op]));

/** The definition of an op by name; undefined for a name Rectify does not define. */
export function opDefinition(name: string): OpDefinition<OpName> | undefined {
  return BY_NAME.get(name);
}

/** Every dtype each op is defined for (docs/semantics.md): a backend that does it all declares exactly this. */
export const SPEC_DTYPES: Readonly<Record<OpName, readonly DType[]>> = Object.freeze(
  Object.fromEntries(OPS.map((op) => [op.name, op.dtypes])) as Record<OpName, readonly DType[]>,
);

/** A record with one entry per op, from a function of its definition (capabilities, kernel tables). */
export function perOp<V>(make: (op: OpDefinition<OpName>) => V): Record<OpName, V> {
  return Object.fromEntries(OPS.map((op) => [op.name, make(op)])) as Record<OpName, V>;
}

export { shapeFor } from './matrix.js';
export { binOf } from './histogram.js';
export type { ActivationStats } from './stats.js';
export type { ChannelArray, PreluOptions } from './channels.js';
export * from './define.js';

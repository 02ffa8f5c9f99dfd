/**
 * What the runner times: a Rectify backend or a reference (the copy ceiling, tfjs, onnxruntime-web),
 * adapted to one shape. Environment-free; Node-only loading lives in src/node/.
 */
import { opDefinition, type AnyTypedArray, type DType, type Gradients, type OpDefinition, type OpName } from '@rectify/core';
import type { TimedRun } from '../timing.js';

/**
 * 'resident': data already where the subject computes; 'roundtrip': plain typed array in, new typed
 * array out; 'roundtrip-out': plain typed array in, written into a plain out array reused across calls.
 */
export type Mode = 'resident' | 'roundtrip' | 'roundtrip-out';

export interface Cell {
  op: OpName;
  dtype: DType;
  size: number;
  /** x: the input every subject of the cell gets (same bytes); subjects must not modify it. */
  input: AnyTypedArray;
  /** The op's array arguments in call order (x alone, or reluGrad's dy and x); `input` is among them. */
  inputs: readonly AnyTypedArray[];
  /** The parameters after the arrays: [] (the op's defaults), or a per-channel op's [alpha] of `channels` entries. */
  params: readonly unknown[];
  /** A per-channel op's channel count: x is [size / channels, channels], channels last. */
  channels?: number;
}

/** One (subject, mode) ready to run on one cell. */
export interface PreparedRun extends TimedRun {
  /** Runs the op once and returns its result with plain typed arrays: an array, or `{ dx, dalpha }` (verification, before timing). */
  output(): Promise<unknown>;
  /** Frees what prepare() took (wasm heap views, GPU buffers, tensors). */
  release(): void | Promise<void>;
}

export interface Subject {
  /** Record name: 'js', 'wasm', 'webgpu', 'copy', 'tfjs-cpu', 'tfjs-wasm', 'ort-wasm'. */
  readonly name: string;
  /** Rectify backends are verified against the oracle before timing; references are not. */
  readonly role: 'backend' | 'reference';
  /** Passed to the oracle comparison (docs/semantics.md's one allowed deviation). */
  readonly flushesSubnormals?: boolean;
  /** The modes this subject runs for an (op, dtype, size); [] when it lacks the op or dtype. */
  modes(op: OpName, dtype: DType, size: number): readonly Mode[];
  prepare(cell: Cell, mode: Mode): Promise<PreparedRun>;
  dispose?(): void | Promise<void>;
}

/** Copies an array's bytes into a new array of the same type. */
export function copyOf<T extends AnyTypedArray>(x: T): T {
  const copy = new (x.constructor as new (n: number) => T)(x.length);
  copy.set(x as never);
  return copy;
}

/** The x-like array of an op's result: the result itself, or the gradients' dx. */
export function xLikeOf(op: OpDefinition, result: unknown): AnyTypedArray {
  return (op.result === 'gradients' ? (result as Gradients<AnyTypedArray, AnyTypedArray>).dx : result) as AnyTypedArray;
}

/** An op's result with its x-like array replaced by `array` (a copy, a download); gradients keep their dalpha. */
export function withXLike(op: OpDefinition, result: unknown, array: AnyTypedArray): unknown {
  return op.result === 'gradients' ? { ...(result as object), dx: array } : array;
}

/** An op's default for one of its parameters, from core's table: peers are called with Rectify's defaults. */
export function defaultParam(op: OpName, param: string): number {
  const value = opDefinition(op)?.params.find((p) => p.name === param)?.default;
  if (value === undefined) throw new Error(`${op} has no parameter '${param}' with a default`);
  return value;
}

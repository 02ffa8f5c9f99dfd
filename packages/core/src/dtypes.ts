import { float16ArrayClass, isFloat16Array, toFloat16Bits, fromFloat16Bits } from './float16.js';

/** The element types Rectify computes on. */
export type DType = 'float32' | 'float64' | 'float16' | 'int32' | 'int8';

/** The typed array that holds each dtype (float16: the runtime's Float16Array or a polyfill's). */
export interface TypedArrayOf {
  float32: Float32Array;
  float64: Float64Array;
  float16: Float16Array;
  int32: Int32Array;
  int8: Int8Array;
}

export type AnyTypedArray = TypedArrayOf[DType];

export type FloatDType = 'float32' | 'float64' | 'float16';

export const DTYPES: readonly DType[] = ['float32', 'float64', 'float16', 'int32', 'int8'];

export const FLOAT_DTYPES: readonly FloatDType[] = ['float32', 'float64', 'float16'];

export function isFloatDType(dtype: DType): dtype is FloatDType {
  return dtype === 'float32' || dtype === 'float64' || dtype === 'float16';
}

/** The dtype of a typed array, or undefined when it is not one Rectify supports. */
export function dtypeOf(value: unknown): DType | undefined {
  if (value instanceof Float32Array) return 'float32';
  if (value instanceof Float64Array) return 'float64';
  if (value instanceof Int32Array) return 'int32';
  if (value instanceof Int8Array) return 'int8';
  if (isFloat16Array(value)) return 'float16';
  return undefined;
}

const CONSTRUCTORS = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  int8: Int8Array,
} as const;

type ViewClass = new (b: ArrayBufferLike | number, o?: number, n?: number) => AnyTypedArray;

function classOf(dtype: DType): ViewClass {
  if (dtype !== 'float16') return CONSTRUCTORS[dtype] as unknown as ViewClass;
  const cls = float16ArrayClass();
  if (cls === undefined) {
    throw new TypeError(
      'float16 needs a Float16Array class and this runtime has none: install @petamoriken/float16 and pass its Float16Array arrays, or call useFloat16Array(Float16Array) first.',
    );
  }
  return cls as unknown as ViewClass;
}

/** A new zeroed array of the dtype; with `like`, of like's class (a float16 result has its input's Float16Array class). */
export function allocate<D extends DType>(dtype: D, length: number, like?: AnyTypedArray): TypedArrayOf[D] {
  const cls = dtype === 'float16' && like !== undefined ? (like.constructor as unknown as ViewClass) : classOf(dtype);
  return new cls(length) as TypedArrayOf[D];
}

/** A typed array of `dtype` over existing memory (e.g. a wasm heap), like `new Float32Array(buffer, byteOffset, length)`. */
export function viewOf<D extends DType>(dtype: D, buffer: ArrayBufferLike, byteOffset = 0, length?: number): TypedArrayOf[D] {
  return new (classOf(dtype))(buffer, byteOffset, length) as TypedArrayOf[D];
}

/** An unsigned integer view of an array's bytes, one element per element (two words for float64), for bit-exact copies and compares. */
export function bitView(a: AnyTypedArray): Uint8Array | Uint16Array | Uint32Array {
  const size = a.BYTES_PER_ELEMENT;
  if (size === 1) return new Uint8Array(a.buffer, a.byteOffset, a.length);
  if (size === 2) return new Uint16Array(a.buffer, a.byteOffset, a.length);
  return new Uint32Array(a.buffer, a.byteOffset, (a.length * size) >> 2);
}

export function bytesPerElement(dtype: DType): number {
  return dtype === 'float16' ? 2 : CONSTRUCTORS[dtype].BYTES_PER_ELEMENT;
}

/** Rounds a JS number to the nearest value the dtype holds (round to nearest even for floats). */
export function roundToDType(dtype: DType, value: number): number {
  if (dtype === 'float32') return Math.fround(value);
  if (dtype === 'float16') return fromFloat16Bits(toFloat16Bits(value));
  return value;
}

/**
 * The elements as JS numbers, exactly. For float16 it decodes the bits, since a polyfilled
 * Float16Array reads each element through a Proxy; other arrays are returned as they are.
 */
export function valuesOf(a: AnyTypedArray): ArrayLike<number> {
  if (!isFloat16Array(a)) return a as ArrayLike<number>;
  const bits = new Uint16Array(a.buffer, a.byteOffset, a.length);
  const values = new Float64Array(bits.length);
  for (let i = 0; i < bits.length; i++) values[i] = fromFloat16Bits(bits[i]);
  return values;
}

/**
 * A new array of the dtype holding `values` (each rounded to the dtype; float16 written as bit
 * patterns, NaN as 0x7e00), of `like`'s class when given.
 */
export function fromNumbers<D extends DType>(dtype: D, values: ArrayLike<number>, like?: AnyTypedArray): TypedArrayOf[D] {
  const out = allocate(dtype, values.length, like);
  if (dtype === 'float16') {
    const bits = new Uint16Array(out.buffer, out.byteOffset, out.length);
    for (let i = 0; i < values.length; i++) bits[i] = toFloat16Bits(values[i]);
  } else (out as Exclude<AnyTypedArray, Float16Array>).set(values);
  return out;
}

/** The inclusive integer range of an integer dtype. */
export function intRange(dtype: 'int32' | 'int8'): readonly [number, number] {
  return dtype === 'int32' ? [-2147483648, 2147483647] : [-128, 127];
}

export { f16round, float16ArrayClass, fromFloat16Bits, isFloat16Array, toFloat16Bits, useFloat16Array, type Float16ArrayClass } from './float16.js';

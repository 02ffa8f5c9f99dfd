/** The element types Rectify computes on. */
export type DType = 'float32' | 'float64' | 'int32' | 'int8';

/** The typed array that holds each dtype. */
export interface TypedArrayOf {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  int8: Int8Array;
}

export type AnyTypedArray = TypedArrayOf[DType];

export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'int8'];

export const FLOAT_DTYPES: readonly DType[] = ['float32', 'float64'];

export function isFloatDType(dtype: DType): dtype is 'float32' | 'float64' {
  return dtype === 'float32' || dtype === 'float64';
}

/** The dtype of a typed array, or undefined when it is not one Rectify supports. */
export function dtypeOf(value: unknown): DType | undefined {
  if (value instanceof Float32Array) return 'float32';
  if (value instanceof Float64Array) return 'float64';
  if (value instanceof Int32Array) return 'int32';
  if (value instanceof Int8Array) return 'int8';
  return undefined;
}

const CONSTRUCTORS = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  int8: Int8Array,
} as const;

export function allocate<D extends DType>(dtype: D, length: number): TypedArrayOf[D] {
  return new CONSTRUCTORS[dtype](length) as TypedArrayOf[D];
}

/** A typed array of `dtype` over existing memory (e.g. a wasm heap), like `new Float32Array(buffer, byteOffset, length)`. */
export function viewOf<D extends DType>(dtype: D, buffer: ArrayBufferLike, byteOffset = 0, length?: number): TypedArrayOf[D] {
  const View = CONSTRUCTORS[dtype] as unknown as new (b: ArrayBufferLike, o: number, n?: number) => TypedArrayOf[D];
  return new View(buffer, byteOffset, length);
}

/** An unsigned integer view of an array's bytes, one element per element (two words for float64), for bit-exact copies and compares. */
export function bitView(a: AnyTypedArray): Uint8Array | Uint32Array {
  return a.BYTES_PER_ELEMENT === 1
    ? new Uint8Array(a.buffer, a.byteOffset, a.length)
    : new Uint32Array(a.buffer, a.byteOffset, (a.length * a.BYTES_PER_ELEMENT) >> 2);
}

export function bytesPerElement(dtype: DType): number {
  return CONSTRUCTORS[dtype].BYTES_PER_ELEMENT;
}

/** Rounds a JS number to the nearest value the dtype holds (round to nearest even for floats). */
export function roundToDType(dtype: DType, value: number): number {
  return dtype === 'float32' ? Math.fround(value) : value;
}

/** The inclusive integer range of an integer dtype. */
export function intRange(dtype: 'int32' | 'int8'): readonly [number, number] {
  return dtype === 'int32' ? [-2147483648, 2147483647] : [-128, 127];
}

/**
 * IEEE 754 binary16 (docs/semantics.md, float16): conversions between JS numbers and 16-bit
 * patterns, and the Float16Array class Rectify allocates with. Rectify has no dependency for it: the
 * runtime's Float16Array is used where there is one, else the class of the first float16 array a
 * caller passes (e.g. from @petamoriken/float16), or the one given to useFloat16Array.
 */

/** A Float16Array class: the runtime's own or a polyfill's (both take these constructor forms). */
export interface Float16ArrayClass {
  new (length: number): Float16Array;
  new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): Float16Array;
  readonly BYTES_PER_ELEMENT: number;
}

let float16Class: Float16ArrayClass | undefined = (globalThis as { Float16Array?: Float16ArrayClass }).Float16Array;

const toString = Object.prototype.toString;

/**
 * True for a Float16Array, native or polyfilled (a polyfill's is a Proxy, so neither instanceof nor
 * ArrayBuffer.isView works): both report the tag, and only over real 2-byte storage.
 */
export function isFloat16Array(value: unknown): value is Float16Array {
  if (typeof value !== 'object' || value === null || toString.call(value) !== '[object Float16Array]') return false;
  const v = value as Float16Array;
  if (v.BYTES_PER_ELEMENT !== 2 || !(v.buffer instanceof ArrayBuffer || isShared(v.buffer))) return false;
  float16Class ??= v.constructor as Float16ArrayClass;
  return true;
}

function isShared(buffer: unknown): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && buffer instanceof SharedArrayBuffer;
}

/** Sets the Float16Array class Rectify makes new float16 arrays with where a call gives it none to copy. */
export function useFloat16Array(cls: Float16ArrayClass): void {
  const probe: unknown = typeof cls === 'function' ? new cls(1) : undefined;
  if (probe === undefined || toString.call(probe) !== '[object Float16Array]' || (probe as Float16Array).BYTES_PER_ELEMENT !== 2) {
    throw new TypeError('useFloat16Array needs a Float16Array class: the runtime\'s own, or Float16Array from @petamoriken/float16.');
  }
  float16Class = cls;
}

/** The class new float16 arrays are made with, or undefined when this runtime has none and none was given. */
export function float16ArrayClass(): Float16ArrayClass | undefined {
  return float16Class;
}

const SCRATCH = new Float64Array(1);
const SCRATCH_WORDS = new Uint32Array(SCRATCH.buffer);

/** The binary16 pattern nearest to `value` (round to nearest, ties to even; NaN gives the quiet NaN 0x7e00). */
export function toFloat16Bits(value: number): number {
  if (value !== value) return 0x7e00;
  const sign = value < 0 || Object.is(value, -0) ? 0x8000 : 0;
  const a = Math.abs(value);
  // 65520 is halfway between 65504 (odd significand) and 2^16: ties to even go up, to Infinity.
  if (a >= 65520) return sign | 0x7c00;
  if (a < 2 ** -14) return sign | roundHalfEven(a * 2 ** 24); // subnormal units; 1024 is the smallest normal, right
  SCRATCH[0] = a;
  const e = ((SCRATCH_WORDS[1] >>> 20) & 0x7ff) - 1023;
  // Significand in [1024, 2048); a carry to 2048 moves into the exponent field by itself.
  return sign | (((e + 15) << 10) + roundHalfEven(a * 2 ** (10 - e)) - 1024);
}

function roundHalfEven(u: number): number {
  const f = Math.floor(u);
  const d = u - f;
  return d > 0.5 || (d === 0.5 && (f & 1) === 1) ? f + 1 : f;
}

/** The value of a binary16 pattern (exact: every binary16 is a double). */
export function fromFloat16Bits(bits: number): number {
  const e = (bits >> 10) & 31;
  const m = bits & 1023;
  const s = bits & 0x8000 ? -1 : 1;
  if (e === 31) return m === 0 ? s * Infinity : Number.NaN;
  return e === 0 ? s * m * 2 ** -24 : s * (m + 1024) * 2 ** (e - 25);
}

/** Rounds a number to the nearest binary16, as Math.f16round does. */
export function f16round(value: number): number {
  return fromFloat16Bits(toFloat16Bits(value));
}

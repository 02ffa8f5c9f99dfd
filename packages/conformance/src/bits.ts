import { bitView, type AnyTypedArray } from '@rectify/core';

export { bitView };

/** Element i's bits as hex, e.g. 0x7fc00001 (float64: all 16 digits). */
export function hexBits(a: AnyTypedArray, i: number): string {
  const size = a.BYTES_PER_ELEMENT;
  const bytes = new Uint8Array(a.buffer, a.byteOffset + i * size, size);
  let hex = '';
  for (let b = size - 1; b >= 0; b--) hex += bytes[b].toString(16).padStart(2, '0');
  return `0x${hex}`;
}

/** A byte-for-byte copy (a.slice() of a Float32Array would keep bits too, but this says so). */
export function cloneBits<T extends AnyTypedArray>(a: T): T {
  const copy = new (a.constructor as new (n: number) => T)(a.length);
  new Uint8Array(copy.buffer).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return copy;
}

export function sameBits(a: AnyTypedArray, b: AnyTypedArray): boolean {
  if (a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

export function isNaNAt(a: AnyTypedArray, i: number): boolean {
  return Number.isNaN(a[i]);
}

/** True when element i is a subnormal float (exponent bits all zero, mantissa not). */
export function isSubnormalAt(a: AnyTypedArray, i: number): boolean {
  const v = Math.abs(a[i]);
  const minNormal = a instanceof Float32Array ? 2 ** -126 : a instanceof Float64Array ? 2 ** -1022 : 2 ** -14;
  return v !== 0 && v < minNormal;
}

/** Sign bit of element i (floats), so that -0 and +0 can be told apart. */
export function signBit(a: AnyTypedArray, i: number): number {
  const size = a.BYTES_PER_ELEMENT;
  return new Uint8Array(a.buffer, a.byteOffset + i * size + size - 1, 1)[0] >> 7;
}

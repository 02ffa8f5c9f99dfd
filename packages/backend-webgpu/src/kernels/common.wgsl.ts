/**
 * WGSL shared by every kernel: the per-dispatch parameters, the thread index of a 2D dispatch, and
 * float32 and float16 sign classes read from the bit pattern. Storage is always read as u32 words
 * (float16: two halves a word, element 2j in the low half), so no float load, compare or max runs
 * where it could flush a subnormal or rewrite a NaN's payload.
 */
import { toFloat16Bits, type DType } from '@rectify/core';

export const COMMON_WGSL = /* wgsl */ `
override WG: u32 = 64u;

struct Params {
  count: u32,       // elements in this chunk
  words: u32,       // 32-bit words in this chunk
  param: u32,       // an elementwise op's scalar parameter (ceiling, alpha), as the dtype's bits
  cols: u32,        // per-column counts: columns of the matrix
  col_offset: u32,  // per-column counts: column of the chunk's first element
  stride: u32,      // per-column counts: threads, a multiple of cols
  pitch: u32,       // threads in one row of the 2D dispatch (groups in x * WG)
  first: u32,       // per-channel ops: flat index of the chunk's first element
  channels: u32,    // per-channel ops: the channel of flat index i is (i / inner) % channels
  inner: u32,
}

fn thread_index(gid: vec3<u32>) -> u32 {
  return gid.y * params.pitch + gid.x;
}

// Ordered by bits: +0 .. +Inf is 0x00000000 .. 0x7f800000, -0 .. -Inf is 0x80000000 .. 0xff800000,
// everything else is a NaN.
fn f32_is_negative(v: u32) -> bool { return v > 0x80000000u && v <= 0xff800000u; }
fn f32_is_positive(v: u32) -> bool { return v != 0u && v <= 0x7f800000u; }
fn f32_is_zero(v: u32) -> bool { return (v & 0x7fffffffu) == 0u; }

// The same for binary16 patterns (in a word's low 16 bits): +0 .. +Inf is 0x0000 .. 0x7c00, -0 .. -Inf
// is 0x8000 .. 0xfc00, the rest NaNs.
fn f16_is_negative(h: u32) -> bool { return h > 0x8000u && h <= 0xfc00u; }
fn f16_is_positive(h: u32) -> bool { return h != 0u && h <= 0x7c00u; }
fn f16_is_zero(h: u32) -> bool { return (h & 0x7fffu) == 0u; }

// Half k (0 low, 1 high) of a word of packed float16.
fn half_at(w: u32, k: u32) -> u32 { return extractBits(w, 16u * k, 16u); }

// Byte b of a word of packed int8, sign-extended.
fn i8_at(w: u32, b: u32) -> i32 { return extractBits(bitcast<i32>(w), b * 8u, 8u); }
`;

/** WGSL's `struct Params`, field for field (u32 each). */
export interface Params {
  count: number;
  words: number;
  param: number;
  cols: number;
  colOffset: number;
  stride: number;
  pitch: number;
  first: number;
  channels: number;
  inner: number;
}

/** Bytes one Params takes in the uniform buffer: 10 words, rounded up to WGSL's 16-byte struct alignment. */
export const PARAMS_BYTES = 48;

/** Writes `params` at word `offset` of target, in the order `struct Params` declares them. */
export function packParams(target: Uint32Array, offset: number, params: Params): void {
  target[offset] = params.count;
  target[offset + 1] = params.words;
  target[offset + 2] = params.param;
  target[offset + 3] = params.cols;
  target[offset + 4] = params.colOffset;
  target[offset + 5] = params.stride;
  target[offset + 6] = params.pitch;
  target[offset + 7] = params.first;
  target[offset + 8] = params.channels;
  target[offset + 9] = params.inner;
}

const F32 = new Float32Array(1);
const F32_BITS = new Uint32Array(F32.buffer);

/** A checked scalar parameter as `Params.param`: float32 as its f32 bits, float16 as its binary16 bits (value already rounded), an integer as its two's complement word. */
export function paramBits(dtype: DType, value: number): number {
  if (dtype === 'float16') return toFloat16Bits(value);
  if (dtype !== 'float32') return value >>> 0;
  F32[0] = value;
  return F32_BITS[0];
}

/** A kernel's entry point: its WGSL (around an op's body) and its bindings in order (r read-only storage, w read-write storage, u uniform). */
export interface EntryPoint {
  /** Names the entry point in pipeline cache keys. */
  readonly key: string;
  readonly code: string;
  readonly bindings: string;
}

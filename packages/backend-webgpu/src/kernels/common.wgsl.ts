/**
 * WGSL shared by every kernel: the per-dispatch parameters, the thread index of a 2D dispatch, and
 * float32 sign classes read from the bit pattern. Storage is always read as u32 words, so no float
 * load, compare or max runs where it could flush a subnormal or rewrite a NaN's payload.
 */
export const COMMON_WGSL = /* wgsl */ `
override WG: u32 = 64u;

struct Params {
  count: u32,       // elements in this chunk
  words: u32,       // 32-bit words in this chunk
  param: u32,       // clippedRelu's ceiling or leakyRelu's alpha, as the dtype's bits
  cols: u32,        // deadUnits: columns of the matrix
  col_offset: u32,  // deadUnits: column of the chunk's first element
  stride: u32,      // deadUnits: threads, a multiple of cols
  pitch: u32,       // threads in one row of the 2D dispatch (groups in x * WG)
}

fn thread_index(gid: vec3<u32>) -> u32 {
  return gid.y * params.pitch + gid.x;
}

// Ordered by bits: +0 .. +Inf is 0x00000000 .. 0x7f800000, -0 .. -Inf is 0x80000000 .. 0xff800000,
// everything else is a NaN.
fn f32_is_negative(v: u32) -> bool { return v > 0x80000000u && v <= 0xff800000u; }
fn f32_is_positive(v: u32) -> bool { return v != 0u && v <= 0x7f800000u; }
fn f32_is_zero(v: u32) -> bool { return (v & 0x7fffffffu) == 0u; }

// Byte b of a word of packed int8, sign-extended.
fn i8_at(w: u32, b: u32) -> i32 { return extractBits(bitcast<i32>(w), b * 8u, 8u); }
`;

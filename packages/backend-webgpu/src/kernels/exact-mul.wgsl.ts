/**
 * WGSL shared by the kernels that multiply (leakyRelu, prelu, their gradients, preluGrad's dalpha
 * terms): `exact_mul(x, a)`, the float32 product correctly rounded to nearest even, subnormal
 * results included, and the leaky rules built on it.
 *
 * The hardware multiply is IEEE-exact when both operands and the result are normal. Elsewhere GPUs
 * differ: SwiftShader treats subnormal operands as zero (so -1e-39 * 3 came out -0, not the normal
 * -3e-39) and flushes subnormal results. Those rare cases (a subnormal, zero, infinite or NaN
 * operand, a subnormal, zero or infinite result) go through an integer multiply.
 */
export const EXACT_MUL = /* wgsl */ `
// The 48-bit product of two 24-bit significands, as (hi, lo) words.
fn mul24(a: u32, b: u32) -> vec2<u32> {
  let a1 = a >> 16u; let a0 = a & 0xffffu;
  let b1 = b >> 16u; let b0 = b & 0xffffu;
  let low = a0 * b0;
  let mid = a1 * b0 + a0 * b1;
  let lo = low + (mid << 16u);
  let carry = select(0u, 1u, lo < low);
  return vec2<u32>(a1 * b1 + (mid >> 16u) + carry, lo);
}

// Significand (bit 23 set) and exponent e with value = sig * 2^(e - 150), for a finite non-zero float.
fn unpack(bits: u32) -> vec2<i32> {
  let e = i32((bits >> 23u) & 0xffu);
  let m = bits & 0x7fffffu;
  if (e != 0) { return vec2<i32>(i32(m | 0x800000u), e); }
  let shift = countLeadingZeros(m) - 8u;
  return vec2<i32>(i32(m << shift), 1 - i32(shift));
}

// x * a for finite non-zero x and a, correctly rounded to nearest even, subnormal results included.
fn soft_mul(x: u32, a: u32) -> u32 {
  let sign = (x ^ a) & 0x80000000u;
  let ux = unpack(x);
  let ua = unpack(a);
  let p = mul24(u32(ux.x), u32(ua.x));
  let top = select(46, 47, (p.x >> 15u) != 0u);
  let e = top + ux.y + ua.y - 173; // biased exponent of the result before rounding
  var shift = top - 23;
  if (e < 1) { shift = 151 - ux.y - ua.y; }
  if (shift > 48) { return sign; } // below half the smallest subnormal: rounds to zero
  let s = u32(shift);
  var q: u32;
  if (s >= 32u) { q = p.x >> (s - 32u); } else { q = (p.y >> s) | (p.x << (32u - s)); }
  let k = s - 1u; // the half bit
  var half: bool;
  if (k >= 32u) { half = ((p.x >> (k - 32u)) & 1u) == 1u; } else { half = ((p.y >> k) & 1u) == 1u; }
  var sticky: bool;
  if (k == 0u) { sticky = false; }
  else if (k < 32u) { sticky = (p.y << (32u - k)) != 0u; }
  else if (k == 32u) { sticky = p.y != 0u; }
  else { sticky = p.y != 0u || (p.x << (64u - k)) != 0u; }
  if (half && (sticky || (q & 1u) == 1u)) { q += 1u; }
  if (e < 1) { return sign | q; } // subnormal (q = 2^23 encodes the smallest normal)
  let bits = (u32(e - 1) << 23u) + q; // q's bit 23 (and a rounding carry) lands in the exponent
  if (bits >= 0x7f800000u) { return sign | 0x7f800000u; }
  return sign | bits;
}

fn is_normal(bits: u32) -> bool {
  let e = (bits >> 23u) & 0xffu;
  return e != 0u && e != 0xffu;
}

// x * a correctly rounded; a NaN operand or 0 * Inf gives a NaN (IEEE 754 leaves its bits open).
fn exact_mul(x: u32, a: u32) -> u32 {
  let hw = bitcast<u32>(bitcast<f32>(x) * bitcast<f32>(a));
  if (is_normal(x) && is_normal(a) && is_normal(hw)) { return hw; }
  let mx = x & 0x7fffffffu;
  let ma = a & 0x7fffffffu;
  let sign = (x ^ a) & 0x80000000u;
  if (mx > 0x7f800000u || ma > 0x7f800000u) { return 0x7fc00000u; }
  if (mx == 0x7f800000u || ma == 0x7f800000u) { return select(sign | 0x7f800000u, 0x7fc00000u, mx == 0u || ma == 0u); }
  if (mx == 0u || ma == 0u) { return sign; }
  return soft_mul(x, a);
}

// leakyRelu and prelu: x < 0 ? a * x : x, the others' bits kept.
fn leaky(x: u32, a: u32) -> u32 {
  if (!f32_is_negative(x)) { return x; }
  return exact_mul(x, a);
}

// Their gradient: x > 0 or NaN ? dy (bits kept) : a * dy.
fn leaky_grad(dy: u32, x: u32, a: u32) -> u32 {
  if (!f32_is_zero(x) && !f32_is_negative(x)) { return dy; }
  return exact_mul(dy, a);
}
`;

/** `f16_to_f32(h)`: the float32 bits of a binary16 pattern's value (preluGrad's terms, histogram's and columnSums' float16 elements). */
export const F16_TO_F32 = /* wgsl */ `
// The float32 bits of a binary16's value (exact: float32 holds every binary16, subnormals as normals).
fn f16_to_f32(h: u32) -> u32 {
  let sign = (h & 0x8000u) << 16u;
  let e = (h >> 10u) & 0x1fu;
  let m = h & 0x3ffu;
  if (e == 0x1fu) { return sign | 0x7f800000u | (m << 13u); }
  if (e != 0u) { return sign | ((e + 112u) << 23u) | (m << 13u); }
  if (m == 0u) { return sign; }
  // A subnormal m * 2^-24: m's top bit moves to the hidden bit (bit 10), the exponent down to match.
  let s = countLeadingZeros(m) - 21u;
  return sign | ((113u - s) << 23u) | (((m << s) & 0x3ffu) << 13u);
}
`;

/**
 * float16 (one binary16 pattern in a word's low 16 bits): the widening to float32 bits (preluGrad
 * adds its terms as float32 ones) and the leaky rules, around a `mul16(x, a)` that HALF_MUL or
 * F16_MUL define.
 */
const HALF_RULES = /* wgsl */ `${F16_TO_F32}
fn leaky16(x: u32, a: u32) -> u32 {
  if (!f16_is_negative(x)) { return x; }
  return mul16(x, a);
}

fn leaky_grad16(dy: u32, x: u32, a: u32) -> u32 {
  if (!f16_is_zero(x) && !f16_is_negative(x)) { return dy; }
  return mul16(dy, a);
}
`;

/**
 * x * a on binary16 patterns in integer arithmetic, as docs/semantics.md says: both widened to
 * float32, whose product of two 11-bit significands is exact (at most 22 bits, between 2^-48 and
 * 2^32), then rounded once to binary16.
 */
export const HALF_MUL = /* wgsl */ `${EXACT_MUL}${HALF_RULES}
// float32 bits to the nearest binary16 (ties to even), subnormal results kept; a NaN becomes a quiet NaN.
fn f32_to_f16(f: u32) -> u32 {
  let sign = (f >> 16u) & 0x8000u;
  let a = f & 0x7fffffffu;
  if (a >= 0x47800000u) { return sign | select(0x7c00u, 0x7e00u, a > 0x7f800000u); } // 2^16 and up: Inf (or NaN)
  if (a < 0x38800000u) {
    // Below 2^-14: a subnormal binary16, in units of 2^-24.
    let e = a >> 23u;
    if (e < 102u) { return sign; } // below 2^-25: rounds to zero
    let m = (a & 0x7fffffu) | 0x800000u;
    let s = 126u - e;
    let q = m >> s;
    let rest = m & ((1u << s) - 1u);
    let half = 1u << (s - 1u);
    return sign | (q + u32(rest > half || (rest == half && (q & 1u) == 1u)));
  }
  // Rebias the exponent (127 to 15) and drop 13 bits; a carry out of the significand moves into the exponent, up to Inf.
  let q = (a >> 13u) - 0x1c000u;
  let rest = a & 0x1fffu;
  return sign | (q + u32(rest > 0x1000u || (rest == 0x1000u && (q & 1u) == 1u)));
}

fn mul16(x: u32, a: u32) -> u32 { return f32_to_f16(exact_mul(f16_to_f32(x), f16_to_f32(a))); }
`;

/**
 * The same in WGSL's f16 arithmetic (the module starts with \`enable f16;\`): only used on a device
 * with shader-f16 whose start-up probe found its f16 products correctly rounded, subnormals kept.
 */
export const F16_MUL = /* wgsl */ `${HALF_RULES}
fn mul16(x: u32, a: u32) -> u32 {
  let v = bitcast<vec2<f16>>(x | (a << 16u));
  return bitcast<u32>(vec2<f16>(v.x * v.y, 0.0h)) & 0xffffu;
}
`;

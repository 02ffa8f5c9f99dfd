/**
 * deadUnits: per column of a row-major matrix, how many rows are > 0. Thread t walks elements
 * t, t + stride, ... of the chunk; stride is a multiple of cols, so all of them sit in one column
 * and the thread adds its count once.
 */
export const DEAD_UNITS_WGSL = {
  float32: /* wgsl */ `fn positive_at(j: u32) -> bool { return f32_is_positive(src[j]); }`,
  int32: /* wgsl */ `fn positive_at(j: u32) -> bool { return bitcast<i32>(src[j]) > 0; }`,
  int8: /* wgsl */ `fn positive_at(j: u32) -> bool { return i8_at(src[j >> 2u], j & 3u) > 0; }`,
} as const;

/** The deadUnits entry point around a dtype's positive_at. */
export const DEAD_UNITS_MAIN_WGSL = /* wgsl */ `
@group(0) @binding(0) var<storage, read> src: array<u32>;
@group(0) @binding(1) var<storage, read_write> counts: array<atomic<u32>>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.stride) { return; }
  var n = 0u;
  for (var j = t; j < params.count; j += params.stride) { n += u32(positive_at(j)); }
  if (n != 0u) { atomicAdd(&counts[(params.col_offset + t) % params.cols], n); }
}`;

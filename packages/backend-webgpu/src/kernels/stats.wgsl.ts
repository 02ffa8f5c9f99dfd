/**
 * stats: counts by sign class (0 negative, 1 zero, 2 positive, 3 NaN). Each thread classifies one
 * word into workgroup counters; one thread per class then adds them to the global counts.
 */
export const stats = {
  float32: /* wgsl */ `
fn count_word(w: u32) {
  let v = src[w];
  var k = 2u;
  if (f32_is_zero(v)) { k = 1u; } else if (f32_is_negative(v)) { k = 0u; } else if (!f32_is_positive(v)) { k = 3u; }
  atomicAdd(&tally[k], 1u);
}`,
  // Two halves a word; the high half of an odd count's last word is not an element.
  float16: /* wgsl */ `
fn count_word(w: u32) {
  for (var k = 0u; k < 2u; k++) {
    if (w * 2u + k < params.count) {
      let h = half_at(src[w], k);
      var c = 2u;
      if (f16_is_zero(h)) { c = 1u; } else if (f16_is_negative(h)) { c = 0u; } else if (!f16_is_positive(h)) { c = 3u; }
      atomicAdd(&tally[c], 1u);
    }
  }
}`,
  int32: /* wgsl */ `
fn count_word(w: u32) {
  let v = bitcast<i32>(src[w]);
  atomicAdd(&tally[select(select(2u, 1u, v == 0), 0u, v < 0)], 1u);
}`,
  int8: /* wgsl */ `
fn count_word(w: u32) {
  let word = src[w];
  var n = vec3<u32>(0u);
  for (var b = 0u; b < 4u; b++) {
    if (w * 4u + b < params.count) {
      let v = i8_at(word, b);
      n += vec3<u32>(u32(v < 0), u32(v == 0), u32(v > 0));
    }
  }
  for (var k = 0u; k < 3u; k++) { if (n[k] != 0u) { atomicAdd(&tally[k], n[k]); } }
}`,
} as const;

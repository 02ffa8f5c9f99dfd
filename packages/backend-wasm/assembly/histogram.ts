// histogram: for each of the n elements of x, adds 1 to the u32 count of its bin at counts (k + 2 of
// them), the bins being those of the k >= 2 ascending finite float64 edges at `edges`: [x < edges[0],
// then [edges[j], edges[j + 1]) for j < k - 1, the last closed, then x > edges[k - 1], then NaN], as
// core's binOf. Every dtype's value converts exactly to float64 (float16 through widen1, half.ts),
// so the comparisons are exact; -0 equals +0. The caller writes the edges, zeroes the counts and may
// call again for more chunks.
import { widen1 } from './half';

/**
 * The index of v's count, as core's binOf: NaN last, then below and above the edges, then the last
 * (closed) bin, else a binary search for the last edge <= v. The search is branchless (a select per
 * step, a step count that depends on k alone), so random data costs no mispredicted branches there.
 */
@inline
function binOf(v: f64, edges: usize, k: usize): usize {
  if (v != v) return k + 1;
  if (v < load<f64>(edges)) return 0;
  const last = load<f64>(edges + ((k - 1) << 3));
  if (v > last) return k;
  if (v == last) return k - 1;
  // edges[base] <= v < edges[k - 1]; the answer j (edges[j] <= v < edges[j + 1]) is in base .. base + len - 1.
  let base: usize = 0;
  let len: usize = k - 1;
  while (len > 1) {
    const half = len >> 1;
    base = select<usize>(base + half, base, load<f64>(edges + ((base + half) << 3)) <= v);
    len -= half;
  }
  return base + 1;
}

@inline
function count(counts: usize, bin: usize): void {
  const p = counts + (bin << 2);
  store<u32>(p, load<u32>(p) + 1);
}

/** T is the element as loaded: f32, f64, u16 (float16's pattern), i32 or i8. */
@inline
function histogramOf<T>(x: usize, n: usize, edges: usize, k: usize, counts: usize): void {
  const size = sizeof<T>();
  const end = x + n * size;
  for (let p = x; p != end; p += size) {
    let v: f64;
    if (isFloat<T>()) v = <f64>load<T>(p);
    else if (size == 2) v = <f64>widen1(<u32>load<u16>(p));
    else v = <f64>load<T>(p);
    count(counts, binOf(v, edges, k));
  }
}

export function histogramF32(x: usize, n: usize, edges: usize, k: usize, counts: usize): void {
  histogramOf<f32>(x, n, edges, k, counts);
}

export function histogramF64(x: usize, n: usize, edges: usize, k: usize, counts: usize): void {
  histogramOf<f64>(x, n, edges, k, counts);
}

export function histogramF16(x: usize, n: usize, edges: usize, k: usize, counts: usize): void {
  histogramOf<u16>(x, n, edges, k, counts);
}

export function histogramI32(x: usize, n: usize, edges: usize, k: usize, counts: usize): void {
  histogramOf<i32>(x, n, edges, k, counts);
}

export function histogramI8(x: usize, n: usize, edges: usize, k: usize, counts: usize): void {
  histogramOf<i8>(x, n, edges, k, counts);
}

/**
 * The reductions, by the op's result kind: how many counters the kernel adds to, its entry point
 * (binding the source, the counters, cleared before the dispatch, a table the host computes where
 * the op has one, and the parameters, around the op's body) and how the counters become the op's result.
 */
import { accumulatorWidth, roundExactSum, totalOf, type ActivationStats, type PreparedCall, type ResultKind } from '@rectify/core';
import type { EntryPoint } from './common.wgsl.js';
import { EXACT_SUM, INT_SUM_BYTES, SUM_BYTES } from './exact-sum.wgsl.js';

/** The results of ops that take no out: counts, bins and exact sums (gradients come with an array, see elementwise.wgsl.ts). */
export type ReductionKind = Exclude<ResultKind, 'array' | 'gradients'>;

export interface Reduction {
  /** Columns of a per-column result, 0 for one over the whole array. */
  columns(call: PreparedCall): number;
  /**
   * How threads are laid out: 'columns', a multiple of cols threads each walking one column with a
   * stride (checked by checkColumns); 'words', a thread per word of the chunk.
   */
  threads: 'words' | 'columns';
  /** u32 words of the counters. */
  counters(call: PreparedCall): number;
  /** What the host computes for the kernel, bound read-only after the counters (histogram's thresholds). */
  table?(call: PreparedCall): Uint32Array;
  /** What the counters (and table) hold, and how to split a call whose buffers one binding cannot hold. */
  describe(call: PreparedCall): { what: string; split: string };
  result(counts: Uint32Array, call: PreparedCall): unknown;
  main: EntryPoint;
}

/** A per-column count's columns: the call's `cols` parameter. */
function cols(call: PreparedCall): number {
  const i = call.op.params.findIndex((p) => p.name === 'cols');
  if (i < 0) throw new Error(`${call.op.name} counts per column but has no cols parameter`);
  return call.params[i];
}

const COLUMNS_SPLIT = 'Call it on blocks of fewer columns (or use a CPU backend).';

const isInt = (call: PreparedCall) => call.dtype === 'int32' || call.dtype === 'int8';

const F32 = new Float32Array(1);
const F32_BITS = new Uint32Array(F32.buffer);

/** The order key of a float32 value (not NaN): -Inf 0x00800000 .. ±0 0x80000000 .. +Inf 0xff800000, one apart per float32. */
function f32Key(v: number): number {
  F32[0] = v;
  const bits = F32_BITS[0];
  const mag = bits & 0x7fffffff;
  return (bits === mag ? 0x80000000 + mag : 0x80000000 - mag) >>> 0;
}

/** Keys of the elements x >= e (atLeast) and x > e (above): f32Key's for floats (float16 as float32), x + 2^31 for integers; undefined when none is. */
function thresholdKey(float: boolean, e: number, strict: boolean): number | undefined {
  if (float) {
    // The least float32 >= e (or > e) is fround(e) or the float32 after it: the next key.
    const f = Math.fround(e);
    return f32Key(f) + (f < e || (strict && f === e) ? 1 : 0);
  }
  const least = strict ? Math.floor(e) + 1 : Math.ceil(e);
  if (least > 2 ** 31 - 1) return undefined;
  return Math.max(least, -(2 ** 31)) + 2 ** 31;
}

/**
 * histogram's table: [k, m, t_0 .. t_{m-1}], t_j the least key of an element >= edges[j] (j < k) and
 * t_k the least key of one > edges[k - 1]: an element's count index is how many t_j its key reaches,
 * less one from k on (the last bin is closed). Integer thresholds no int32 reaches are left out (m <= k + 1).
 */
export function histogramTable(call: PreparedCall): Uint32Array {
  const edges = call.params;
  const k = edges.length;
  const float = !isInt(call);
  const keys: number[] = [];
  for (let j = 0; j <= k; j++) {
    const t = thresholdKey(float, edges[Math.min(j, k - 1)], j === k);
    if (t === undefined) break; // Ascending: the later ones are beyond too.
    keys.push(t);
  }
  const table = new Uint32Array(2 + keys.length);
  table[0] = k;
  table[1] = keys.length;
  table.set(keys, 2);
  return table;
}

/** columnSums' counters: per column, core's float32 accumulator layout (float16 too), or one signed 64-bit entry for integers. */
function sumWords(call: PreparedCall): number {
  return (cols(call) * (isInt(call) ? INT_SUM_BYTES : SUM_BYTES)) / 4;
}

/** Each column's exact sum, read back as little-endian 64-bit entries, rounded once to float64 (as the oracle). */
function columnTotals(words: Uint32Array, call: PreparedCall): Float64Array {
  const n = cols(call);
  const result = new Float64Array(n);
  const acc = new BigInt64Array(words.buffer, words.byteOffset, words.length / 2);
  const none = { posInf: false, negInf: false, nan: false };
  if (isInt(call)) {
    for (let c = 0; c < n; c++) result[c] = acc[c] === 0n ? 0 : roundExactSum('float64', { total: acc[c], ...none }, call.dtype);
    return result;
  }
  const width = accumulatorWidth('float32');
  for (let c = 0; c < n; c++) result[c] = roundExactSum('float64', totalOf('float32', acc, c * width), call.dtype);
  return result;
}

export const REDUCTIONS: Readonly<Record<ReductionKind, Reduction>> = {
  // Sign counts: each thread classifies one word (count_word) into workgroup counters (0 negative,
  // 1 zero, 2 positive, 3 NaN); one thread per class then adds them to the four global counts.
  stats: {
    columns: () => 0,
    threads: 'words',
    counters: () => 4,
    describe: () => ({ what: 'its counts', split: '' }),
    result: (c, call): ActivationStats => ({ length: call.length, negative: c[0], zero: c[1], positive: c[2], nan: c[3] }),
    main: {
      key: 'stats',
      bindings: 'rwu',
      code: /* wgsl */ `
@group(0) @binding(0) var<storage, read> src: array<u32>;
@group(0) @binding(1) var<storage, read_write> counts: array<atomic<u32>, 4>;
@group(0) @binding(2) var<uniform> params: Params;
var<workgroup> tally: array<atomic<u32>, 4>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let w = thread_index(gid);
  if (w < params.words) { count_word(w); }
  workgroupBarrier();
  if (lid < 4u) {
    let n = atomicLoad(&tally[lid]);
    if (n != 0u) { atomicAdd(&counts[lid], n); }
  }
}`,
    },
  },
  // Per-column counts: thread t walks elements t, t + stride, ... (stride a multiple of cols, so one
  // column) and adds how many are positive (positive_at) once.
  counts: {
    columns: cols,
    threads: 'columns',
    counters: cols,
    describe: (call) => ({ what: `the counts of ${cols(call)} columns`, split: COLUMNS_SPLIT }),
    result: (c) => c,
    main: {
      key: 'counts',
      bindings: 'rwu',
      code: /* wgsl */ `
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
}`,
    },
  },
  // histogram: each thread bins one word's elements (bin_word) by binary search of their order keys
  // among the host's thresholds (histogramTable), into workgroup tallies for the first TALLY counts
  // (the rest straight into the global ones); the group's threads then add the tallies to the k + 2 counts.
  bins: {
    columns: () => 0,
    threads: 'words',
    counters: (call) => call.params.length + 2,
    table: histogramTable,
    describe: (call) => ({ what: `the counts of ${call.params.length} edges`, split: 'Call it with fewer edges (or use a CPU backend).' }),
    result: (c) => c,
    main: {
      key: 'bins',
      bindings: 'rwru',
      code: /* wgsl */ `
@group(0) @binding(0) var<storage, read> src: array<u32>;
@group(0) @binding(1) var<storage, read_write> counts: array<atomic<u32>>;
@group(0) @binding(2) var<storage, read> edges: array<u32>;
@group(0) @binding(3) var<uniform> params: Params;
const TALLY = 256u;
var<workgroup> tally: array<atomic<u32>, TALLY>;

// The count index of an element whose order key is key: how many thresholds it reaches, less one
// from k on (an element equal to the last edge is in the last bin).
fn bin_of_key(key: u32) -> u32 {
  let k = edges[0];
  var lo = 0u;
  var hi = edges[1];
  while (lo < hi) {
    let mid = (lo + hi) >> 1u;
    if (edges[2u + mid] <= key) { lo = mid + 1u; } else { hi = mid; }
  }
  return select(lo, lo - 1u, lo >= k);
}

// A float32 pattern's count index: NaN last; ±0 share a key, so -0 is binned as 0.
fn f32_bin(v: u32) -> u32 {
  let mag = v & 0x7fffffffu;
  if (mag > 0x7f800000u) { return edges[0] + 1u; }
  return bin_of_key(select(0x80000000u + mag, 0x80000000u - mag, v != mag));
}

fn tally_bin(b: u32) {
  if (b < TALLY) { atomicAdd(&tally[b], 1u); } else { atomicAdd(&counts[b], 1u); }
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let w = thread_index(gid);
  if (w < params.words) { bin_word(w); }
  workgroupBarrier();
  let n = min(edges[0] + 2u, TALLY);
  for (var b = lid; b < n; b += WG) {
    let c = atomicLoad(&tally[b]);
    if (c != 0u) { atomicAdd(&counts[b], c); }
  }
}`,
    },
  },
  // columnSums: each thread adds one word's elements (sum_word) to their columns' exact sums; the
  // host rounds each column once (columnTotals).
  sums: {
    columns: cols,
    threads: 'words',
    counters: sumWords,
    describe: (call) => ({ what: `the exact sums of ${cols(call)} columns`, split: COLUMNS_SPLIT }),
    result: columnTotals,
    main: {
      key: 'sums',
      bindings: 'rwu',
      code: /* wgsl */ `
@group(0) @binding(0) var<storage, read> src: array<u32>;
@group(0) @binding(1) var<storage, read_write> sums: array<atomic<u32>>;
@group(0) @binding(2) var<uniform> params: Params;

// The column of the chunk's element e.
fn column_of(e: u32) -> u32 { return (params.col_offset + e) % params.cols; }

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let w = thread_index(gid);
  if (w < params.words) { sum_word(w); }
}
${EXACT_SUM}`,
    },
  },
};

/**
 * The reductions, by the op's result kind: how many counters the kernel adds to, its entry point
 * (binding the source, the counters, cleared before the dispatch, and the parameters, around the
 * op's body) and how the counters become the op's result.
 */
import type { ActivationStats, PreparedCall, ResultKind } from '@rectify/core';
import type { EntryPoint } from './common.wgsl.js';

/** The results of ops that take no out: counts (gradients come with an array, see elementwise.wgsl.ts). */
export type ReductionKind = Exclude<ResultKind, 'array' | 'gradients'>;

export interface Reduction {
  /** Columns of a per-column count, 0 for a count over the whole array. */
  columns(call: PreparedCall): number;
  counters(call: PreparedCall): number;
  result(counts: Uint32Array, length: number): unknown;
  main: EntryPoint;
}

/** A per-column count's columns: the call's `cols` parameter. */
function cols(call: PreparedCall): number {
  const i = call.op.params.findIndex((p) => p.name === 'cols');
  if (i < 0) throw new Error(`${call.op.name} counts per column but has no cols parameter`);
  return call.params[i];
}

export const REDUCTIONS: Readonly<Record<ReductionKind, Reduction>> = {
  // Sign counts: each thread classifies one word (count_word) into workgroup counters (0 negative,
  // 1 zero, 2 positive, 3 NaN); one thread per class then adds them to the four global counts.
  stats: {
    columns: () => 0,
    counters: () => 4,
    result: (c, length): ActivationStats => ({ length, negative: c[0], zero: c[1], positive: c[2], nan: c[3] }),
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
    counters: cols,
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
};

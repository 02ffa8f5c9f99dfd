/**
 * Entry points around an elementwise op's `apply(word)` or `apply2(dy, x)`, one per way the
 * buffers are bound. WebGPU forbids binding one buffer as both read and read-write storage in a
 * dispatch, so in-place calls use their own layouts instead of aliasing.
 */
export type ElementwiseVariant =
  | 'split' // src (read), dst (read-write)
  | 'inplace' // data (read-write)
  | 'grad-split' // dy (read), x (read), out (read-write)
  | 'grad-into-dy' // dy (read-write), x (read)
  | 'grad-into-x' // dy (read), x (read-write)
  | 'grad-self'; // dy = x = out (read-write)

const ENTRY = '@compute @workgroup_size(WG)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>) {\n  let i = thread_index(gid);\n  if (i >= params.words) { return; }\n';

export const ELEMENTWISE_MAIN_WGSL: Record<ElementwiseVariant, string> = {
  split: /* wgsl */ `
@group(0) @binding(0) var<storage, read> src: array<u32>;
@group(0) @binding(1) var<storage, read_write> dst: array<u32>;
@group(0) @binding(2) var<uniform> params: Params;
${ENTRY}  dst[i] = apply(src[i]);
}`,
  inplace: /* wgsl */ `
@group(0) @binding(0) var<storage, read_write> data: array<u32>;
@group(0) @binding(1) var<uniform> params: Params;
${ENTRY}  data[i] = apply(data[i]);
}`,
  'grad-split': /* wgsl */ `
@group(0) @binding(0) var<storage, read> dy: array<u32>;
@group(0) @binding(1) var<storage, read> x: array<u32>;
@group(0) @binding(2) var<storage, read_write> dst: array<u32>;
@group(0) @binding(3) var<uniform> params: Params;
${ENTRY}  dst[i] = apply2(dy[i], x[i]);
}`,
  'grad-into-dy': /* wgsl */ `
@group(0) @binding(0) var<storage, read_write> dy: array<u32>;
@group(0) @binding(1) var<storage, read> x: array<u32>;
@group(0) @binding(2) var<uniform> params: Params;
${ENTRY}  dy[i] = apply2(dy[i], x[i]);
}`,
  'grad-into-x': /* wgsl */ `
@group(0) @binding(0) var<storage, read> dy: array<u32>;
@group(0) @binding(1) var<storage, read_write> x: array<u32>;
@group(0) @binding(2) var<uniform> params: Params;
${ENTRY}  x[i] = apply2(dy[i], x[i]);
}`,
  'grad-self': /* wgsl */ `
@group(0) @binding(0) var<storage, read_write> data: array<u32>;
@group(0) @binding(1) var<uniform> params: Params;
${ENTRY}  data[i] = apply2(data[i], data[i]);
}`,
};

/** Binding kinds of each variant, in binding order: r = read-only storage, w = read-write storage, u = uniform. */
export const ELEMENTWISE_BINDINGS: Record<ElementwiseVariant, string> = {
  split: 'rwu',
  inplace: 'wu',
  'grad-split': 'rrwu',
  'grad-into-dy': 'wru',
  'grad-into-x': 'rwu',
  'grad-self': 'wu',
};

/**
 * The entry point of an elementwise op for one way its arrays share buffers. An op with one array
 * has `apply(v)`, one with two `apply2(dy, x)` (arguments in the op's array order), each taking and
 * giving one u32 word. WebGPU forbids binding one buffer twice in a dispatch when a binding writes
 * it, so arrays that share a buffer (in place, dy = x) share one binding instead of aliasing.
 *
 * A per-channel op (prelu) also binds `alpha`, a word per channel, and its body takes the element's
 * alpha as a last argument; an op with gradients (preluGrad) also binds `sums` and its body's
 * `term(...)` gives what the element adds to its channel's exact sum (exact-sum.wgsl.ts).
 *
 * float16 (`halves`): a thread still takes one word, but calls the body once per half (element 2j in
 * the low half), each with its own channel. The half past an odd count (the last word of an array,
 * whose other half may belong to a longer out) keeps the target's bits: nothing past the result is written.
 */
import type { EntryPoint } from './common.wgsl.js';
import { EXACT_SUM } from './exact-sum.wgsl.js';

/** What an elementwise kernel binds besides its arrays. */
export type ChannelLayout = 'none' | 'alpha' | 'sums';

const made = new Map<string, EntryPoint>();

/**
 * `inputs[k]` is the binding array k is read from and `target` the binding the result is written
 * to (an input's binding when in place); bindings are numbered in order of first use from 0, then
 * alpha and sums as the layout has them, then the parameters.
 */
export function elementwiseMain(inputs: readonly number[], target: number, layout: ChannelLayout = 'none', halves = false): EntryPoint {
  const key = `${inputs.join('')}>${target}${layout === 'none' ? '' : `+${layout}`}${halves ? '/2' : ''}`;
  let entry = made.get(key);
  if (!entry) {
    const count = Math.max(target, ...inputs) + 1;
    const lines: string[] = [];
    let bindings = '';
    for (let b = 0; b < count; b++) {
      lines.push(`@group(0) @binding(${b}) var<storage, ${b === target ? 'read_write' : 'read'}> buffer${b}: array<u32>;`);
      bindings += b === target ? 'w' : 'r';
    }
    if (layout !== 'none') {
      lines.push(`@group(0) @binding(${bindings.length}) var<storage, read> alpha: array<u32>;`);
      bindings += 'r';
    }
    if (layout === 'sums') {
      lines.push(`@group(0) @binding(${bindings.length}) var<storage, read_write> sums: array<atomic<u32>>;`);
      bindings += 'w';
    }
    lines.push(`@group(0) @binding(${bindings.length}) var<uniform> params: Params;`);
    const apply = inputs.length === 1 ? 'apply' : `apply${inputs.length}`;
    // Read before the write, which may be to one of them.
    const loads = inputs.map((b, k) => `let v${k} = buffer${b}[i];`).join('\n  ');
    const args = inputs.map((_, k) => (halves ? `half_at(v${k}, k)` : `v${k}`)).join(', ');
    const alpha = layout === 'none' ? '' : ', alpha[c]';
    const sum = layout === 'sums' ? `add_term(c, term(${args}));` : '';
    const channel = (e: string) => (layout === 'none' ? '' : `let c = ((params.first + ${e}) / params.inner) % params.channels;`);
    const body = halves
      ? /* wgsl */ `var r = buffer${target}[i];
  for (var k = 0u; k < 2u; k++) {
    let e = 2u * i + k;
    if (e >= params.count) { break; }
    ${channel('e')}
    r = insertBits(r, ${apply}(${args}${alpha}), 16u * k, 16u);
    ${sum}
  }
  buffer${target}[i] = r;`
      : `${channel('i')}
  buffer${target}[i] = ${apply}(${args}${alpha});
  ${sum}`;
    const code = /* wgsl */ `${lines.join('\n')}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = thread_index(gid);
  if (i >= params.words) { return; }
  ${loads}
  ${body}
}
${layout === 'sums' ? EXACT_SUM : ''}`;
    entry = { key, code, bindings: `${bindings}u` };
    made.set(key, entry);
  }
  return entry;
}

/**
 * The entry point of an elementwise op for one way its arrays share buffers. An op with one array
 * has `apply(v)`, one with two `apply2(dy, x)` (arguments in the op's array order), each taking and
 * giving one u32 word. WebGPU forbids binding one buffer twice in a dispatch when a binding writes
 * it, so arrays that share a buffer (in place, dy = x) share one binding instead of aliasing.
 */
import type { EntryPoint } from './common.wgsl.js';

const made = new Map<string, EntryPoint>();

/**
 * `inputs[k]` is the binding array k is read from and `target` the binding the result is written
 * to (an input's binding when in place); bindings are numbered in order of first use from 0.
 */
export function elementwiseMain(inputs: readonly number[], target: number): EntryPoint {
  const key = `${inputs.join('')}>${target}`;
  let entry = made.get(key);
  if (!entry) {
    const count = Math.max(target, ...inputs) + 1;
    const lines: string[] = [];
    let bindings = '';
    for (let b = 0; b < count; b++) {
      lines.push(`@group(0) @binding(${b}) var<storage, ${b === target ? 'read_write' : 'read'}> buffer${b}: array<u32>;`);
      bindings += b === target ? 'w' : 'r';
    }
    lines.push(`@group(0) @binding(${count}) var<uniform> params: Params;`);
    const apply = inputs.length === 1 ? 'apply' : `apply${inputs.length}`;
    const args = inputs.map((b) => `buffer${b}[i]`).join(', ');
    const code = /* wgsl */ `${lines.join('\n')}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = thread_index(gid);
  if (i >= params.words) { return; }
  buffer${target}[i] = ${apply}(${args});
}`;
    entry = { key, code, bindings: `${bindings}u` };
    made.set(key, entry);
  }
  return entry;
}

/**
 * The copy ceilings: the same bytes copied with no kernel. 'resident' copies into a preallocated array
 * (TypedArray.prototype.set): no kernel moving the same bytes can beat it by much. 'roundtrip' copies
 * into a new array (slice()): the floor of any call that returns a new array, since allocating and
 * first touching fresh memory is part of every such call. The copies move x's bytes; an op with more
 * arrays (dy too) moves more, which its GB/s counts, so vsCopy stays a ratio of throughputs.
 * float16 copies its bits through Uint16Array views: a polyfilled Float16Array (a Proxy) would copy
 * element by element, converting each, a floor no kernel on the bits has to pay.
 */
import { allocate, bitView, type AnyTypedArray } from '@rectify/core';
import { COPY } from '../ratios.js';
import type { Subject } from './subject.js';

export function copySubject(): Subject {
  return {
    name: COPY,
    role: 'reference',
    modes: () => ['resident', 'roundtrip'],
    async prepare(cell, mode) {
      const { input } = cell;
      const bits = bitView(input);
      if (mode === 'roundtrip') {
        const fresh = (): AnyTypedArray => {
          if (cell.dtype !== 'float16') return input.slice();
          const out = allocate('float16', cell.size, input);
          bitView(out).set(bits as never);
          return out;
        };
        return {
          batch(reps) {
            for (let i = 0; i < reps; i++) fresh();
          },
          output: async () => fresh(),
          release() {},
        };
      }
      const dst = allocate(cell.dtype, cell.size, input);
      const dstBits = bitView(dst);
      return {
        batch(reps) {
          for (let i = 0; i < reps; i++) dstBits.set(bits as never);
        },
        async output() {
          dstBits.set(bits as never);
          return dst;
        },
        release() {},
      };
    },
  };
}

/**
 * The copy ceilings: the same bytes copied with no kernel. 'resident' copies into a preallocated array
 * (TypedArray.prototype.set): no kernel moving the same bytes can beat it by much. 'roundtrip' copies
 * into a new array (slice()): the floor of any call that returns a new array, since allocating and
 * first touching fresh memory is part of every such call. The copies move x's bytes; an op with more
 * arrays (dy too) moves more, which its GB/s counts, so vsCopy stays a ratio of throughputs.
 */
import { allocate } from '@rectify/core';
import { COPY } from '../ratios.js';
import type { Subject } from './subject.js';

export function copySubject(): Subject {
  return {
    name: COPY,
    role: 'reference',
    modes: () => ['resident', 'roundtrip'],
    async prepare(cell, mode) {
      const { input } = cell;
      if (mode === 'roundtrip') {
        return {
          batch(reps) {
            for (let i = 0; i < reps; i++) input.slice();
          },
          output: async () => input.slice(),
          release() {},
        };
      }
      const dst = allocate(cell.dtype, cell.size);
      return {
        batch(reps) {
          for (let i = 0; i < reps; i++) dst.set(input as never);
        },
        async output() {
          dst.set(input as never);
          return dst;
        },
        release() {},
      };
    },
  };
}

/** The copy ceiling: TypedArray.prototype.set of the cell's bytes into a preallocated array. No kernel moving the same bytes can beat it by much. */
import { allocate } from '@rectify/core';
import { COPY } from '../ratios.js';
import type { Subject } from './subject.js';

export function copySubject(): Subject {
  return {
    name: COPY,
    role: 'reference',
    modes: () => ['resident'],
    async prepare(cell) {
      const { input } = cell;
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

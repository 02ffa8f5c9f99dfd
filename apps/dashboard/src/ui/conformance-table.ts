/** The conformance grid: rows op · dtype, a column per backend, the first mismatch of each failure below. */
import { DTYPES, OP_NAMES } from '@rectify/core';
import type { BackendGrid, GridCell } from '../conformance/grid.ts';
import { h, replaceChildren } from './dom.ts';

const SYMBOL: Record<GridCell['status'], string> = { pass: '✓ pass', fail: '✗ fail', 'not-declared': '—', pending: '…' };

export function renderConformance(el: HTMLElement, grids: ReadonlyMap<string, BackendGrid>): void {
  const names = [...grids.keys()];
  if (names.length === 0) {
    return replaceChildren(el, h('p', { class: 'hint' }, 'Click Run to check every available backend against the oracle.'));
  }
  const rows = OP_NAMES.flatMap((op) =>
    DTYPES.map((dtype) => {
      const cells = names.map((n) => grids.get(n)![op][dtype]);
      if (cells.every((c) => c.status === 'not-declared')) return null;
      return h(
        'tr',
        {},
        h('th', { scope: 'row' }, `${op} `, h('span', { class: 'dtype' }, dtype)),
        ...cells.map((c, i) =>
          h('td', { class: `cell-${c.status}`, 'data-backend': names[i], 'data-op': op, 'data-dtype': dtype, title: cellTitle(c) }, SYMBOL[c.status]),
        ),
      );
    }),
  );
  const failures = names.flatMap((n) => OP_NAMES.flatMap((op) => DTYPES.flatMap((d) => grids.get(n)![op][d].failures)));
  replaceChildren(
    el,
    h(
      'table',
      { class: 'grid' },
      h('thead', {}, h('tr', {}, h('th', {}, 'op · dtype'), ...names.map((n) => h('th', { scope: 'col' }, n)))),
      h('tbody', {}, ...rows),
    ),
    failures.length
      ? h('div', { class: 'failures', role: 'alert' }, h('h3', {}, 'First mismatch of each failing case'), h('ul', {}, ...failures.map((f) => h('li', {}, h('code', {}, f)))))
      : null,
  );
}

function cellTitle(c: GridCell): string {
  if (c.status === 'not-declared') return 'not declared in this backend’s capabilities';
  if (c.status === 'pending') return 'not checked yet';
  return `${c.cases} case${c.cases === 1 ? '' : 's'} (one per parameter case)`;
}

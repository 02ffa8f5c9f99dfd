/** For each source, every kernel's throughput at the largest size it ran, as a ratio to that run's copy in the matching mode. */
import type { ResultSource } from '../data/parse.ts';
import { COPY, formatSize } from '@rectify/bench';
import type { ChartSelection } from '../data/series.ts';
import { h, replaceChildren } from './dom.ts';

export function renderRatios(el: HTMLElement, sources: readonly ResultSource[], sel: ChartSelection): void {
  const rows = sources.flatMap(({ label, report }) => {
    const records = report.records.filter(
      (r) => r.backend !== COPY && r.op === sel.op && r.dtype === sel.dtype && (sel.mode === 'all' || r.mode === sel.mode),
    );
    const largest = new Map<string, (typeof records)[number]>();
    for (const r of records) {
      const key = `${r.backend} ${r.mode}`;
      if ((largest.get(key)?.size ?? -1) < r.size) largest.set(key, r);
    }
    return [...largest.entries()].map(([key, r]) =>
      h('tr', {}, h('td', {}, label), h('td', {}, key), h('td', { class: 'num' }, formatSize(r.size)), h('td', { class: 'num' }, r.gbps.toFixed(2)), h('td', { class: 'num' }, `${ratio(r.vsCopy)}×`)),
    );
  });
  if (rows.length === 0) return replaceChildren(el);
  replaceChildren(
    el,
    h(
      'table',
      { class: 'ratios' },
      h('caption', {}, `${sel.op} ${sel.dtype} at each series' largest size; ratios are against the copy measured in the same run (roundtrip: into a new array)`),
      h('thead', {}, h('tr', {}, ...['source', 'backend · mode', 'elements', 'GB/s', 'vs copy'].map((t) => h('th', {}, t)))),
      h('tbody', {}, ...rows),
    ),
  );
}

/** Two decimals, or two significant digits below 0.1 (a GPU round trip can be 0.002× a copy). */
function ratio(x: number): string {
  return x >= 0.1 || x === 0 ? x.toFixed(2) : x.toPrecision(2);
}

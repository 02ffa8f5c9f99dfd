/**
 * The Report card: a row per backend (ours and the peers, where each ran), a column per op; a cell
 * is green when every dtype the backend runs gives the oracle's bits, red when one does not. Hover
 * shows the mismatch classes per dtype; a click lists each class's first mismatch with its bits.
 */
import { OP_NAMES, type OpName } from '@rectify/core';
import { MISMATCH_CLASSES } from '@rectify/conformance';
import { ReportCardSchema, type CardBackend, type CardEntryReport, type ReportCard } from '@rectify/peers';
import { h, replaceChildren } from '../ui/dom.ts';

export type ParsedCard = { ok: true; card: ReportCard } | { ok: false; error: string };

export function parseReportCard(fileName: string, text: string): ParsedCard {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `${fileName}: not JSON (${(e as Error).message}). Load a file from npm run conformance:peers -- --json FILE.` };
  }
  const parsed = ReportCardSchema.safeParse(json);
  if (parsed.success) return { ok: true, card: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: `${fileName}: not a report card (${issue.path.join('.') || 'top level'}: ${issue.message}). Load a file from npm run conformance:peers -- --json FILE.` };
}

export type CellState = 'pass' | 'fail' | 'lacks' | 'unavailable';

export function cellState(backend: CardBackend, op: OpName): CellState {
  if (!backend.available) return 'unavailable';
  const entries = backend.entries.filter((e) => e.op === op);
  if (entries.length === 0) return 'lacks';
  return entries.every((e) => e.passed) ? 'pass' : 'fail';
}

const SHORT: Record<string, string> = { float32: 'f32', float64: 'f64', float16: 'f16', int32: 'i32', int8: 'i8' };

function entryLine(e: CardEntryReport): string {
  if (e.passed) return `${e.dtype}: exact (${e.specials.elements} special and ${e.random.elements} random elements)`;
  const classes = MISMATCH_CLASSES.filter((c) => e.classes[c]).map((c) => `${c} ${e.classes[c]}`).join(', ');
  const error = e.error ? ` threw: ${e.error}` : '';
  return `${e.dtype}: ${e.specials.mismatches}/${e.specials.elements} specials and ${e.random.mismatches}/${e.random.elements} random differ${classes ? `: ${classes}` : ''}${error}`;
}

function cellTitle(backend: CardBackend, op: OpName): string {
  if (!backend.available) return `not run here: ${backend.reason ?? ''}`;
  const lines = backend.entries.filter((e) => e.op === op).map(entryLine);
  const lacks = backend.lacks[op];
  return [...lines, ...(lacks ? [`lacks: ${lacks}`] : [])].join('\n');
}

export function rowLabel(b: CardBackend): string {
  return `${b.name} · ${b.runtime}`;
}

/** Renders the grid of every backend of the cards given; `detail` shows the clicked cell's mismatches. */
export function renderReportCard(el: HTMLElement, detail: HTMLElement, cards: readonly { label: string; card: ReportCard }[]): void {
  const backends = cards.flatMap(({ label, card }) => card.backends.map((b) => ({ label, b })));
  if (backends.length === 0) {
    return replaceChildren(el, h('p', { class: 'hint' }, 'Load a JSON file from npm run conformance:peers -- --json FILE, or run the browser peers here.'));
  }
  const rows = backends.map(({ label, b }) =>
    h(
      'tr',
      { 'data-backend': b.name, 'data-runtime': b.runtime },
      h('th', { scope: 'row' }, rowLabel(b), ' ', h('span', { class: `kind kind-${b.kind}` }, b.kind === 'rectify' ? 'Rectify' : 'peer'), h('div', { class: 'hint' }, b.library || label)),
      ...OP_NAMES.map((op) => {
        const state = cellState(b, op);
        const td = h(
          'td',
          { class: `cell-${state === 'lacks' || state === 'unavailable' ? 'not-declared' : state}`, 'data-op': op, 'data-state': state, title: cellTitle(b, op), tabindex: state === 'fail' ? 0 : undefined },
          state === 'unavailable' ? '—' : state === 'lacks' ? '·' : '',
          ...b.entries.filter((e) => e.op === op).map((e) => h('span', { class: `chip chip-${e.passed ? 'pass' : 'fail'}` }, SHORT[e.dtype] ?? e.dtype)),
        );
        if (state === 'fail') td.onclick = td.onkeydown = () => showDetail(detail, b, op);
        return td;
      }),
    ),
  );
  replaceChildren(
    el,
    h('table', { class: 'grid report-grid' }, h('thead', {}, h('tr', {}, h('th', {}, 'backend · where'), ...OP_NAMES.map((op) => h('th', { scope: 'col' }, op)))), h('tbody', {}, ...rows)),
  );
}

function showDetail(detail: HTMLElement, b: CardBackend, op: OpName): void {
  const failing = b.entries.filter((e) => e.op === op && !e.passed);
  replaceChildren(
    detail,
    h('h3', {}, `${rowLabel(b)}: ${op}`),
    ...failing.map((e) =>
      h(
        'div',
        { class: 'entry' },
        h('p', {}, entryLine(e)),
        h(
          'ul',
          {},
          ...e.examples.map((x) =>
            h(
              'li',
              { 'data-class': x.class },
              h('strong', {}, x.class), ` (${x.params}, ${x.set}${x.part === 'dalpha' ? `, dalpha[${x.index}]` : x.index >= 0 ? `, index ${x.index}` : ''}): `,
              h('code', {}, `${Object.entries(x.operands).map(([k, v]) => `${k}=${v}`).join(' ')} got ${x.got}, want ${x.want}`),
              x.replay.reproduced ? ` (replayed ${x.replay.how}: same bits)` : h('span', { class: 'warn' }, ` (replay gave ${x.replay.got.join(', ')})`),
            ),
          ),
        ),
      ),
    ),
  );
}

/** One card per backend: can it run here (and if not, why), what it declares, and its conformance verdict. */
import { OPS } from '@rectify/core';
import type { LoadedBackend } from '../backends/load.ts';
import { totals, type BackendGrid } from '../conformance/grid.ts';
import { h, replaceChildren } from './dom.ts';

export type CardState = 'loading' | 'ready' | 'running' | 'pass' | 'fail' | 'unavailable';

export function renderCard(el: HTMLElement, name: string, loaded: LoadedBackend | undefined, grid: BackendGrid | undefined, running: boolean): void {
  const state = cardState(loaded, grid, running);
  el.dataset.backend = name;
  el.dataset.state = state;
  el.className = `card card-${state}`;
  const title = h('h3', {}, name, h('span', { class: 'badge' }, BADGE[state]));
  if (!loaded) return replaceChildren(el, title, h('p', {}, 'Loading…'));
  if (!loaded.available) return replaceChildren(el, title, h('p', { class: 'reason' }, `Unavailable here: ${loaded.reason}`));
  const caps = loaded.backend.capabilities;
  const traits = [
    caps.deviceBacked ? 'runs on a GPU' : 'runs on the CPU',
    caps.sync ? 'has sync ops' : 'async only',
    caps.residentArrays ? 'resident arrays' : null,
    caps.flushesSubnormals ? `flushes subnormals in ${ARITHMETIC_OPS} (declared)` : null,
  ].filter(Boolean);
  const t = grid ? totals(grid) : undefined;
  const verdict = !t
    ? 'Conformance not run yet.'
    : t.pending
      ? `Checking… ${t.passed + t.failed} of ${t.passed + t.failed + t.pending} op × dtype cells done.`
      : t.failed
        ? `${t.failed} of ${t.passed + t.failed} op × dtype cells differ from the oracle.`
        : `All ${t.passed} op × dtype cells match the oracle bit for bit.`;
  replaceChildren(el, title, h('p', {}, traits.join(' · ')), h('p', { class: 'verdict' }, verdict));
}

/** The ops where a backend may flush subnormal results (those the table marks arithmetic). */
const ARITHMETIC_OPS = OPS.filter((op) => op.arithmetic).map((op) => op.name).join(', ');

const BADGE: Record<CardState, string> = {
  loading: '…',
  ready: 'ready',
  running: 'checking',
  pass: 'pass',
  fail: 'FAIL',
  unavailable: 'unavailable',
};

function cardState(loaded: LoadedBackend | undefined, grid: BackendGrid | undefined, running: boolean): CardState {
  if (!loaded) return 'loading';
  if (!loaded.available) return 'unavailable';
  if (!grid) return 'ready';
  const t = totals(grid);
  if (t.failed) return 'fail';
  if (t.pending || running) return 'running';
  return 'pass';
}

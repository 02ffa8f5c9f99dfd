/**
 * The Doctor view: loads a report written by `rectify-doctor --json FILE` (checked against the
 * doctor's schema) and draws each layer's dead and dormant shares as bars, its histogram of
 * pre-activations, and the findings.
 */
import uPlot from 'uplot';
import { DoctorReport } from '@rectify/doctor/report';
import { h, replaceChildren } from '../ui/dom.ts';

/** Parses a doctor report; the error names the file and the first problem. */
export function parseDoctorReport(name: string, text: string): { ok: true; report: DoctorReport } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `${name} is not JSON: ${(e as Error).message}` };
  }
  const parsed = DoctorReport.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `${name} is not a rectify-doctor report: ${issue.path.join('.') || '(top)'}: ${issue.message}. Write one with rectify-doctor --json FILE.` };
  }
  return { ok: true, report: parsed.data };
}

const share = (n: number, of: number) => (of === 0 ? 0 : n / of);

/** Bars of dead and dormant shares per layer. */
function unitBars(el: HTMLElement, r: DoctorReport): void {
  const x = r.layers.map((_, i) => i);
  const bars = uPlot.paths.bars!({ size: [0.35, 40], align: 1 });
  const bars2 = uPlot.paths.bars!({ size: [0.35, 40], align: -1 });
  new uPlot(
    {
      width: Math.max(320, el.clientWidth || 640),
      height: 240,
      scales: { x: { time: false, range: [-0.5, r.layers.length - 0.5] }, y: { range: [0, 1] } },
      axes: [
        { values: (_u, splits) => splits.map((s) => (Number.isInteger(s) ? (r.layers[s]?.name ?? '') : '')), splits: () => x },
        { label: 'share of the layer\'s units', values: (_u, s) => s.map((v) => `${Math.round(v * 100)}%`) },
      ],
      series: [
        { label: 'layer', value: (_u, v) => (v == null ? '—' : r.layers[v]?.name ?? '') },
        { label: 'dead', stroke: 'hsl(0 70% 45%)', fill: 'hsl(0 70% 45% / 0.7)', paths: bars, points: { show: false } },
        { label: 'dormant', stroke: 'hsl(35 80% 45%)', fill: 'hsl(35 80% 45% / 0.7)', paths: bars2, points: { show: false } },
      ],
    },
    [x, r.layers.map((l) => share(l.dead, l.units)), r.layers.map((l) => share(l.dormant, l.units))],
    el,
  );
}

function histogramChart(el: HTMLElement, layer: DoctorReport['layers'][number]): void {
  const { edges, counts } = layer.histogram;
  const labels = [`< ${edges[0]}`, ...edges.slice(0, -1).map((e, j) => `${e}…${edges[j + 1]}`), `> ${edges[edges.length - 1]}`, 'NaN'];
  const x = counts.map((_, i) => i);
  new uPlot(
    {
      width: Math.max(320, el.clientWidth || 640),
      height: 180,
      scales: { x: { time: false, range: [-0.5, counts.length - 0.5] } },
      axes: [{ values: (_u, splits) => splits.map((s) => (Number.isInteger(s) && s % 2 === 0 ? (labels[s] ?? '') : '')), splits: () => x }, { label: 'pre-activations' }],
      series: [
        { label: 'bin', value: (_u, v) => (v == null ? '—' : labels[v] ?? '') },
        { label: layer.name, stroke: 'hsl(210 60% 40%)', fill: 'hsl(210 60% 40% / 0.6)', paths: uPlot.paths.bars!({ size: [0.8, 60] }), points: { show: false } },
      ],
    },
    [x, counts],
    el,
  );
}

export function renderDoctor(el: HTMLElement, r: DoctorReport): void {
  const source = r.source.kind === 'onnx' ? `model ${r.source.files[0]}` : `${r.source.files.length} .npy dump(s)`;
  const bars = h('div', { class: 'chart', id: 'doctor-units' });
  const rows = r.layers.map((l) =>
    h(
      'tr',
      { 'data-layer': l.name },
      h('th', { scope: 'row' }, l.name),
      h('td', {}, l.op),
      h('td', {}, l.units),
      h('td', {}, l.dead),
      h('td', {}, l.dormant),
      h('td', {}, `${(100 * l.sparsity).toFixed(1)}%`),
      h('td', {}, l.nan + l.inf),
      h('td', {}, l.saturation === undefined ? '—' : `${(100 * l.saturation).toFixed(1)}%`),
    ),
  );
  const histograms = r.layers.map((l) => h('div', { class: 'chart doctor-histogram', 'data-layer': l.name }));
  replaceChildren(
    el,
    h('p', {}, `${source}, on the ${r.backend} backend${r.source.random ? `, ${r.source.random.samples} random samples (not data)` : ''}.`),
    h(
      'table',
      { class: 'doctor-layers' },
      h('thead', {}, h('tr', {}, ...['layer', 'op', 'units', 'dead', 'dormant', 'sparsity', 'NaN/Inf', 'saturated'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...rows),
    ),
    bars,
    h('ul', { class: 'findings' }, ...(r.findings.length ? r.findings.map((f) => h('li', { 'data-kind': f.kind }, h('strong', {}, f.message), ' ', f.advice)) : [h('li', {}, 'No findings.')])),
    ...r.layers.flatMap((l, i) => [h('h3', {}, `${l.name}: pre-activations`), histograms[i]]),
  );
  unitBars(bars, r);
  r.layers.forEach((l, i) => histogramChart(histograms[i], l));
}

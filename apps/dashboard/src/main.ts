/**
 * The dashboard page: which backends run here, whether each agrees with the oracle bit for bit,
 * and how fast each is against the copy ceiling, beside results loaded from `rectify-bench --json`.
 */
import './style.css';
import { BACKEND_NAMES, DEFAULT_OPS, type BenchReport } from '@rectify/bench';
import { loadAll, type LoadedBackend } from './backends/load.ts';
import { runInWorker } from './bench/client.ts';
import { addResults, emptyGrid, type BackendGrid } from './conformance/grid.ts';
import { runConformance } from './conformance/run.ts';
import { browserReport, exportFileName } from './data/export.ts';
import { browserMachine } from './data/machine.ts';
import { addSource, parseReportText, type ResultSource } from './data/parse.ts';
import { availableChoices, buildChartData, type ChartSelection, type ModeFilter } from './data/series.ts';
import { renderCard } from './ui/backend-cards.ts';
import { ThroughputChart } from './ui/chart.ts';
import { renderConformance } from './ui/conformance-table.ts';
import { h, replaceChildren } from './ui/dom.ts';
import { renderRatios } from './ui/ratio-table.ts';
import { parseDoctorReport, renderDoctor } from './doctor/view.ts';
import { parseReportCard, renderReportCard } from './report-card/view.ts';
import type { ReportCard } from '@rectify/peers';

const params = new URLSearchParams(location.search);
const quick = params.has('quick');
// ?report-card=run: run the report card as soon as the backends load (npm run conformance:peers drives this).
const autoReportCard = params.get('report-card') === 'run';
const nonNegativeInt = (name: string) => {
  const v = Number(params.get(name) ?? NaN);
  return Number.isSafeInteger(v) && v >= 0 ? v : undefined;
};
const reportCardRun = { seed: nonNegativeInt('seed'), randomLength: nonNegativeInt('random') || undefined };
const BROWSER_RUN_LABEL = 'this browser';

const state = {
  loaded: [] as LoadedBackend[],
  grids: new Map<string, BackendGrid>(),
  conformanceRunning: false,
  browserRun: undefined as BenchReport | undefined,
  files: [] as ResultSource[],
  selection: { op: DEFAULT_OPS[0], dtype: 'float32', mode: 'all' } as ChartSelection,
  reportCards: [] as { label: string; card: ReportCard }[],
};

// ---- layout ----
const runButton = h('button', { id: 'run', type: 'button', disabled: true }, 'Run');
const status = h('p', { id: 'status' }, 'Loading the backends…');
const cards = BACKEND_NAMES.map((name) => h('article', { class: 'card', 'data-backend': name }));
const conformanceBody = h('div', { class: 'conformance-grid' });
const conformance = h('section', { id: 'conformance', 'data-state': 'idle' }, h('h2', {}, 'Conformance: every op × dtype against the oracle, bit for bit'), conformanceBody);
const progress = h('progress', { max: 1, value: 0 });
const progressLabel = h('span', {}, quick ? 'Quick run: three small sizes (?quick=1).' : 'Not run yet.');
const selects = { op: h('select', { id: 'op' }), dtype: h('select', { id: 'dtype' }), mode: h('select', { id: 'mode' }) };
const chartEl = h('div', { class: 'chart', id: 'chart' });
const ratiosEl = h('div');
const wrongEl = h('div', { class: 'wrong' });
const throughput = h(
  'section',
  { id: 'throughput', 'data-state': 'idle' },
  h('h2', {}, 'Throughput against array size (log-log), with the copies of the same bytes'),
  h('div', { class: 'progress' }, progress, progressLabel),
  h('div', { class: 'controls' }, h('label', {}, 'op', selects.op), h('label', {}, 'dtype', selects.dtype), h('label', {}, 'mode', selects.mode)),
  chartEl,
  wrongEl,
  ratiosEl,
);
const fileInput = h('input', { type: 'file', id: 'files', accept: '.json,application/json', multiple: true });
const drop = h('div', { class: 'drop' }, 'Drop one or several JSON files from ', h('code', {}, 'rectify-bench --json FILE'), ' here, or ', fileInput);
const errorsEl = h('div', { class: 'errors', id: 'file-errors', role: 'alert' });
const sourcesEl = h('ul', { class: 'sources', id: 'sources' });
const exportButton = h('button', { id: 'export', type: 'button', class: 'secondary', disabled: true }, 'Export this browser’s run (JSON)');
const results = h(
  'section',
  { id: 'results' },
  h('h2', {}, 'Compare with saved runs'),
  drop,
  errorsEl,
  sourcesEl,
  h('div', { class: 'actions' }, exportButton, h('span', { class: 'hint' }, 'Same schema as the CLI’s --json, with runtime "browser".')),
);

const doctorInput = h('input', { type: 'file', id: 'doctor-file', accept: '.json,application/json' });
const doctorModel = h('input', { type: 'file', id: 'doctor-model', accept: '.onnx' });
const doctorSamples = h('input', { type: 'number', id: 'doctor-samples', min: 1, max: 100000, value: 200 });
const doctorProgress = h('span', { id: 'doctor-progress' });
const doctorErrors = h('div', { class: 'errors', id: 'doctor-errors', role: 'alert' });
const doctorBody = h('div', { id: 'doctor-report' });
const doctor = h(
  'section',
  { id: 'doctor', 'data-state': 'empty' },
  h('h2', {}, 'Doctor: dead and dormant units, NaNs, saturation per layer'),
  h('div', { class: 'drop' }, 'Load a report from ', h('code', {}, 'rectify-doctor MODEL --json FILE'), ': ', doctorInput),
  h('div', { class: 'drop' }, 'Or run a small ONNX model here, on ', doctorSamples, ' seeded random samples: ', doctorModel, ' ', doctorProgress),
  doctorErrors,
  doctorBody,
);

const reportFile = h('input', { type: 'file', id: 'report-file', accept: '.json,application/json' });
const reportRun = h('button', { type: 'button', id: 'report-run', class: 'secondary', disabled: true }, 'Run the browser peers here');
const reportProgress = h('span', { id: 'report-progress', class: 'hint' });
const reportErrors = h('div', { class: 'errors', id: 'report-errors', role: 'alert' });
const reportBody = h('div', { id: 'report-grid' });
const reportDetail = h('div', { id: 'report-detail' });
const reportCard = h(
  'section',
  { id: 'report-card', 'data-state': 'empty' },
  h('h2', {}, 'Report card: which backend computes what NumPy computes, ours and tfjs’ and onnxruntime-web’s'),
  h('div', { class: 'drop' }, 'Load a report from ', h('code', {}, 'npm run conformance:peers -- --json FILE'), ': ', reportFile),
  h('div', { class: 'actions' }, reportRun, ' ', reportProgress, h('span', { class: 'hint' }, ' tfjs-webgl, tfjs-webgpu and ort-webgpu, beside this page’s own backends.')),
  reportErrors,
  reportBody,
  reportDetail,
);

document.querySelector('#app')!.replaceWith(
  h(
    'main',
    {},
    h('header', {}, h('h1', {}, 'Rectify dashboard'), h('p', {}, 'Runs the js, wasm and webgpu backends in this browser: checks each against the oracle, then measures throughput in a worker.'), runButton),
    status,
    h('section', { id: 'backends' }, h('h2', {}, 'Backends in this browser'), h('div', { class: 'cards' }, ...cards)),
    conformance,
    throughput,
    results,
    reportCard,
    doctor,
  ),
);
const chart = new ThroughputChart(chartEl);

// ---- rendering ----
function renderCards(): void {
  BACKEND_NAMES.forEach((name, i) => {
    renderCard(cards[i], name, state.loaded.find((l) => l.name === name), state.grids.get(name), state.conformanceRunning);
  });
}

function sources(): ResultSource[] {
  return state.browserRun ? [{ label: BROWSER_RUN_LABEL, report: state.browserRun }, ...state.files] : state.files;
}

function renderThroughput(): void {
  const all = sources();
  const choices = availableChoices(all);
  fillSelect(selects.op, choices.ops.length ? choices.ops : [...DEFAULT_OPS], 'op');
  fillSelect(selects.dtype, choices.dtypes.length ? choices.dtypes : ['float32'], 'dtype');
  fillSelect(selects.mode, ['all', ...choices.modes], 'mode');
  chart.render(buildChartData(all, state.selection));
  renderRatios(ratiosEl, all, state.selection);
  replaceChildren(
    sourcesEl,
    ...state.files.map((s) => {
      const remove = h('button', { type: 'button', class: 'secondary' }, 'remove');
      remove.onclick = () => {
        state.files = state.files.filter((f) => f !== s);
        renderThroughput();
      };
      return h('li', {}, h('span', {}, `${s.label}: ${s.report.records.length} records, ${s.report.createdAt}`), remove);
    }),
  );
}

function fillSelect(select: HTMLSelectElement, values: string[], key: keyof ChartSelection): void {
  if (!values.includes(state.selection[key])) state.selection = { ...state.selection, [key]: values[0] };
  replaceChildren(select, ...values.map((v) => h('option', { value: v, selected: v === state.selection[key] }, v)));
}

for (const key of ['op', 'dtype', 'mode'] as const) {
  selects[key].onchange = () => {
    state.selection = { ...state.selection, [key]: selects[key].value as ModeFilter };
    renderThroughput();
  };
}

// ---- actions ----
async function runAll(): Promise<void> {
  runButton.disabled = true;
  exportButton.disabled = true;
  try {
    await checkConformance();
    await benchmark();
  } finally {
    runButton.disabled = false;
  }
}

async function checkConformance(): Promise<void> {
  const available = state.loaded.filter((l): l is Extract<LoadedBackend, { available: true }> => l.available);
  state.grids = new Map(available.map((l) => [l.name, emptyGrid(l.backend.capabilities.ops)]));
  state.conformanceRunning = true;
  conformance.dataset.state = 'running';
  status.textContent = 'Checking every backend against the oracle…';
  renderCards();
  renderConformance(conformanceBody, state.grids);
  for (const { name, backend } of available) {
    await runConformance(backend, (_op, caseResults) => {
      state.grids.set(name, addResults(state.grids.get(name)!, name, caseResults));
      renderCards();
      renderConformance(conformanceBody, state.grids);
    });
  }
  state.conformanceRunning = false;
  conformance.dataset.state = 'done';
  renderCards();
}

async function benchmark(): Promise<void> {
  throughput.dataset.state = 'running';
  status.textContent = 'Measuring throughput in a worker (the page stays usable)…';
  const started = new Date();
  try {
    const outcome = await runInWorker(quick, (done, total, label) => {
      progress.max = total;
      progress.value = done;
      progressLabel.textContent = `${Math.floor(done)} / ${total} series: ${label}`;
    });
    state.browserRun = browserReport(outcome, browserMachine(outcome.gpu), started);
    const { records, wrong } = state.browserRun;
    progressLabel.textContent = `Done: ${records.length} measurements${outcome.unavailable.length ? `; not run: ${outcome.unavailable.map((u) => u.backend).join(', ')}` : ''}.`;
    replaceChildren(wrongEl, ...wrong.map((w) => h('p', {}, `Not timed, wrong result: ${w.backend} ${w.mode} ${w.op} ${w.dtype} size ${w.size}: ${w.detail}`)));
    exportButton.disabled = false;
    throughput.dataset.state = 'done';
    status.textContent = 'Done.';
  } catch (e) {
    throughput.dataset.state = 'failed';
    status.textContent = `The benchmark failed: ${e instanceof Error ? e.message : String(e)}`;
  }
  renderThroughput();
}

async function loadFiles(files: readonly File[]): Promise<void> {
  const errors: string[] = [];
  for (const file of files) {
    const parsed = parseReportText(file.name, await file.text());
    if (parsed.ok) state.files = addSource(state.files, parsed.source);
    else errors.push(parsed.error);
  }
  replaceChildren(errorsEl, ...errors.map((e) => h('p', {}, e)));
  renderThroughput();
}

function exportRun(): void {
  if (!state.browserRun) return;
  const blob = new Blob([JSON.stringify(state.browserRun, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: exportFileName(state.browserRun) });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

doctorInput.onchange = async () => {
  const file = doctorInput.files?.[0];
  if (!file) return;
  const parsed = parseDoctorReport(file.name, await file.text());
  replaceChildren(doctorErrors, ...(parsed.ok ? [] : [h('p', {}, parsed.error)]));
  if (parsed.ok) {
    renderDoctor(doctorBody, parsed.report);
    doctor.dataset.state = 'loaded';
  }
  doctorInput.value = '';
};

doctorModel.onchange = async () => {
  const file = doctorModel.files?.[0];
  if (!file) return;
  // BACKEND_NAMES runs from the plainest backend to the fastest: take the fastest that loaded.
  const backend = state.loaded.filter((l) => l.available).at(-1);
  const samples = Number(doctorSamples.value);
  replaceChildren(doctorErrors);
  try {
    if (!backend?.available) throw new Error('no backend loaded in this browser');
    if (!Number.isSafeInteger(samples) || samples < 1) throw new Error(`samples must be a whole number of at least 1, got ${doctorSamples.value}`);
    doctor.dataset.state = 'running';
    // Loaded on first use: onnxruntime-web is large, and only this needs it.
    const { diagnoseModelFile } = await import('./doctor/run-model.ts');
    const report = await diagnoseModelFile(file, samples, backend.backend, (line) => (doctorProgress.textContent = line));
    renderDoctor(doctorBody, report);
    doctor.dataset.state = 'loaded';
  } catch (e) {
    replaceChildren(doctorErrors, h('p', {}, `${file.name}: ${(e as Error).message}`));
    doctor.dataset.state = 'empty';
  } finally {
    doctorProgress.textContent = '';
    doctorModel.value = '';
  }
};

function renderReport(): void {
  renderReportCard(reportBody, reportDetail, state.reportCards);
}

async function runReport(): Promise<void> {
  reportRun.disabled = true;
  reportCard.dataset.state = 'running';
  replaceChildren(reportErrors);
  try {
    const { runReportCard } = await import('./report-card/run.ts');
    const card = await runReportCard(state.loaded, reportCardRun, (line) => (reportProgress.textContent = line));
    state.reportCards = [...state.reportCards.filter((c) => c.label !== BROWSER_RUN_LABEL), { label: BROWSER_RUN_LABEL, card }];
    (window as unknown as { __rectifyReportCard?: ReportCard }).__rectifyReportCard = card;
    reportProgress.textContent = `Done: ${card.backends.length} backends.`;
    reportCard.dataset.state = 'done';
  } catch (e) {
    replaceChildren(reportErrors, h('p', {}, `The report card run failed: ${(e as Error).message}`));
    reportCard.dataset.state = 'failed';
  } finally {
    reportRun.disabled = false;
    renderReport();
  }
}

reportRun.onclick = () => void runReport();
reportFile.onchange = async () => {
  const file = reportFile.files?.[0];
  if (!file) return;
  const parsed = parseReportCard(file.name, await file.text());
  replaceChildren(reportErrors, ...(parsed.ok ? [] : [h('p', {}, parsed.error)]));
  if (parsed.ok) {
    state.reportCards = [...state.reportCards.filter((c) => c.label !== file.name), { label: file.name, card: parsed.card }];
    reportCard.dataset.state = 'loaded';
    renderReport();
  }
  reportFile.value = '';
};

runButton.onclick = () => void runAll();
exportButton.onclick = exportRun;
fileInput.onchange = () => {
  void loadFiles([...(fileInput.files ?? [])]).then(() => (fileInput.value = ''));
};
drop.ondragover = (e) => {
  e.preventDefault();
  drop.classList.add('over');
};
drop.ondragleave = () => drop.classList.remove('over');
drop.ondrop = (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  void loadFiles([...(e.dataTransfer?.files ?? [])]);
};

// ---- start ----
renderCards();
renderConformance(conformanceBody, state.grids);
renderThroughput();
renderReport();
state.loaded = await loadAll();
renderCards();
runButton.disabled = false;
reportRun.disabled = false;
if (autoReportCard) void runReport();
const unavailable = state.loaded.filter((l) => !l.available).map((l) => l.name);
status.textContent = `Ready${unavailable.length ? ` (unavailable here: ${unavailable.join(', ')})` : ''}. Click Run to check conformance and measure throughput.`;

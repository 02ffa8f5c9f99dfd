/** The report as a plain-text table for a terminal. Environment-free. */
import { BACKEND_NAMES, WASM_THREADS, formatSize } from './plan.js';
import { COPY } from './ratios.js';
import type { BenchRecord, BenchReport } from './schema.js';

/** 812 → '812 ns', 12345 → '12.3 µs', 4.56e6 → '4.56 ms'. */
export function formatNs(ns: number): string {
  const [value, unit] = ns < 1e3 ? [ns, 'ns'] : ns < 1e6 ? [ns / 1e3, 'µs'] : ns < 1e9 ? [ns / 1e6, 'ms'] : [ns / 1e9, 's'];
  return `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0)} ${unit}`;
}

const ratio = (r: number) => (r >= 10 ? r.toFixed(1) : r.toFixed(2));

function pad(rows: string[][], rightAligned: ReadonlySet<number>): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (rightAligned.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd());
}

function section(records: readonly BenchRecord[]): string[] {
  const header = ['size', 'backend', 'mode', 'median', 'min … max', 'Melem/s', 'GB/s', '×copy', 'vs peers (×, same mode)'];
  const rows = [header];
  let lastSize = -1;
  for (const r of records) {
    const peers = Object.entries(r.vsPeers).map(([p, v]) => `${ratio(v)} ${p}`).join(', ');
    rows.push([
      r.size === lastSize ? '' : formatSize(r.size),
      r.backend,
      r.mode,
      formatNs(r.medianNs),
      `${formatNs(r.minNs)} … ${formatNs(r.maxNs)}`,
      ((r.size * 1e3) / r.medianNs).toFixed(r.size * 1e3 / r.medianNs >= 100 ? 0 : 1),
      r.gbps.toFixed(2),
      r.vsCopy > 0 ? ratio(r.vsCopy) : '-',
      peers,
    ]);
    lastSize = r.size;
  }
  return pad(rows, new Set([3, 4, 5, 6, 7]));
}

/** The like-for-like comparisons the summary lists: each Rectify backend against the peers it replaces. */
export const HEADLINE_PAIRS: readonly (readonly [backend: string, peer: string])[] = [
  ['js', 'tfjs-cpu'],
  ['wasm', 'tfjs-wasm'],
  ['wasm', 'ort-wasm'],
];

/**
 * 'js/tfjs-cpu 2.10 resident, 1.53 roundtrip' for each headline pair present in a cell, then every
 * roundtrip against the new-array copy (1 would mean the call costs no more than allocating and filling its result).
 */
function headline(records: readonly BenchRecord[], size: number): string {
  const parts: string[] = [];
  const cell = records.filter((r) => r.size === size);
  for (const [backend, peer] of HEADLINE_PAIRS) {
    const modes = cell.filter((r) => r.backend === backend && r.vsPeers[peer] !== undefined).map((r) => `${ratio(r.vsPeers[peer])} ${r.mode}`);
    if (modes.length) parts.push(`${backend}/${peer} ${modes.join(', ')}`);
  }
  const auto = autoVsBest(cell);
  if (auto) parts.push(auto);
  const threads = threadsVsSingle(cell);
  if (threads) parts.push(threads);
  const roundtrips = cell.filter((r) => r.mode === 'roundtrip' && r.backend !== COPY && r.vsCopy > 0);
  if (roundtrips.length && parts.length) parts.push(`roundtrip/new-array copy ${roundtrips.map((r) => `${ratio(r.vsCopy)} ${r.backend}`).join(', ')}`);
  return parts.join('; ');
}

/** 'auto/best 0.97 resident (wasm), ...': the router's throughput against the fastest backend it routes to, per mode. */
function autoVsBest(cell: readonly BenchRecord[]): string | undefined {
  const parts = cell
    .filter((r) => r.backend === 'auto')
    .flatMap((a) => {
      const best = cell.filter((r) => r.mode === a.mode && (BACKEND_NAMES as readonly string[]).includes(r.backend)).sort((x, y) => y.gbps - x.gbps)[0];
      return best ? [`${ratio(a.gbps / best.gbps)} ${a.mode} (${best.backend})`] : [];
    });
  return parts.length ? `auto/best ${parts.join(', ')}` : undefined;
}

/** 'threads/single 1.62 resident': the wasm backend with threads against it on one thread, same cell. */
function threadsVsSingle(cell: readonly BenchRecord[]): string | undefined {
  const threaded = cell.find((r) => r.backend === WASM_THREADS && r.mode === 'resident');
  const single = cell.find((r) => r.backend === 'wasm' && r.mode === 'resident');
  return threaded && single && single.gbps > 0 ? `threads/single ${ratio(threaded.gbps / single.gbps)} resident (wasm)` : undefined;
}

/** One table per (op, dtype), a summary of the headline ratios, then what was wrong or unavailable. */
export function formatTable(report: BenchReport): string {
  const lines: string[] = [];
  const m = report.machine;
  lines.push(`rectify-bench on ${m.cpu} (${m.cores} cores), ${m.runtime} ${m.runtimeVersion}, ${m.platform}`);
  if (m.gpu) lines.push(`GPU: ${[m.gpu.vendor, m.gpu.architecture, m.gpu.device, m.gpu.description].filter(Boolean).join(' / ')}`);
  const groups = new Map<string, BenchRecord[]>();
  for (const r of report.records) {
    const key = `${r.op} ${r.dtype}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const [key, records] of groups) {
    lines.push('', `${key}: per call; GB/s counts bytes read + written; ×copy and vs peers are throughput ratios (> 1 is faster)`);
    lines.push(...section([...records].sort((a, b) => a.size - b.size)));
  }
  const summary = [...groups].flatMap(([key, records]) =>
    [...new Set(records.map((r) => r.size))]
      .sort((a, b) => a - b)
      .map((size) => [`${key} ${formatSize(size)}`, headline(records, size)])
      .filter(([, line]) => line !== ''),
  );
  if (summary.length) {
    lines.push('', "Summary (throughput ratios, same cell and mode; roundtrip-out against the peer's roundtrip; > 1: the Rectify backend is faster):");
    const width = Math.max(...summary.map(([k]) => k.length));
    for (const [k, line] of summary) lines.push(`  ${k.padEnd(width)}  ${line}`);
  }
  if (report.wrong.length) {
    lines.push('', 'WRONG (output differs from the oracle; not timed):');
    for (const w of report.wrong) lines.push(`  ${w.backend} ${w.mode} ${w.op} ${w.dtype} ${formatSize(w.size)}: ${w.detail}`);
  }
  if (report.unavailable.length) {
    lines.push('', 'Unavailable:');
    for (const u of report.unavailable) lines.push(`  ${u.backend}: ${u.reason}`);
  }
  return lines.join('\n');
}

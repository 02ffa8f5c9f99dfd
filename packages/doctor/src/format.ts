/** The terminal report: a table of the layers, a small histogram per layer, then the findings. */
import type { DoctorReport, LayerReport } from './report.js';

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd());
}

function meanOf(l: LayerReport): string {
  const finite = l.meanOutput.filter((m): m is number => m !== null);
  if (finite.length === 0) return '-';
  return (finite.reduce((a, b) => a + b, 0) / finite.length).toPrecision(3);
}

/** Bars for the histogram's non-empty bins, labelled by their edges. */
function histogramLines(l: LayerReport, width = 40): string[] {
  const { edges, counts } = l.histogram;
  const labels = ['< ' + edges[0], ...edges.slice(0, -1).map((e, j) => `[${e}, ${edges[j + 1]}${j === edges.length - 2 ? ']' : ')'}`), '> ' + edges[edges.length - 1], 'NaN'];
  const max = Math.max(...counts, 1);
  const pad = Math.max(...labels.map((s) => s.length));
  return counts.flatMap((n, k) => (n === 0 ? [] : [`    ${labels[k].padStart(pad)} ${'#'.repeat(Math.max(1, Math.round((n / max) * width)))} ${n}`]));
}

export function formatReport(r: DoctorReport): string {
  const lines: string[] = [];
  const source = r.source.kind === 'onnx' ? `model ${r.source.files[0]}` : `${r.source.files.length} .npy dump${r.source.files.length === 1 ? '' : 's'}`;
  lines.push(`rectify doctor: ${source}, computed on the ${r.backend} backend${r.fallbacks.length ? ` (js ran ${r.fallbacks.join(', ')}, which ${r.backend} does not declare)` : ''}`);
  if (r.source.random) lines.push(`  inputs: ${r.source.random.samples} seeded random samples (seed ${r.source.random.seed}), not data: pass --input for real figures`);
  for (const s of r.skipped) lines.push(`  skipped ${s.name}: ${s.reason}`);
  lines.push('');
  const header = ['layer', 'op', 'units', 'samples', 'dead', 'dormant', 'sparsity', 'NaN', 'Inf', 'mean out', 'saturated'];
  const rows = r.layers.map((l) => [
    l.name,
    l.op,
    String(l.units),
    String(l.samples),
    String(l.dead),
    String(l.dormant),
    pct(l.sparsity),
    String(l.nan),
    String(l.inf),
    meanOf(l),
    l.saturation === undefined ? '-' : pct(l.saturation),
  ]);
  lines.push(...table([header, ...rows]).map((s) => `  ${s}`));
  for (const l of r.layers) {
    lines.push('', `  ${l.name}: pre-activations${l.fromOutput ? ' (from the fused output)' : ''}`, ...histogramLines(l));
    if (l.dead > 0) lines.push(`    dead units: ${l.deadIndices.join(', ')}${l.dead > l.deadIndices.length ? ', ...' : ''}`);
  }
  lines.push('');
  if (r.findings.length === 0) lines.push('No findings: no layer has many dead, dormant or saturated units, NaNs or a strong bias shift.');
  for (const f of r.findings) lines.push(`! ${f.message}`, `  ${f.advice}`);
  return lines.join('\n');
}

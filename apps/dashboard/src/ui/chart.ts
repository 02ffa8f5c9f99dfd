/** Throughput against array size on log-log axes, drawn by uPlot. */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatSize } from '@rectify/bench';
import { toAlignedData, type ChartData, type ChartSeries } from '../data/series.ts';

const BACKEND_HUE: Record<string, number> = { js: 32, wasm: 268, webgpu: 145, 'tfjs-cpu': 200, 'tfjs-wasm': 220, 'ort-wasm': 350 };

/** Hue by backend, darker for each further source, grey dashes for the copies, dotted for round trips. */
function seriesStyle(s: ChartSeries, sourceIndex: number): uPlot.Series {
  const lightness = Math.max(28, 48 - sourceIndex * 10);
  const stroke = s.reference ? `hsl(0 0% ${Math.max(20, 45 - sourceIndex * 12)}%)` : `hsl(${BACKEND_HUE[s.backend] ?? (sourceIndex * 67) % 360} 70% ${lightness}%)`;
  return {
    label: s.label,
    stroke,
    width: s.reference ? 2 : 1.75,
    dash: s.reference ? (s.mode === 'roundtrip' ? [8, 3, 2, 3] : [8, 5]) : s.mode === 'roundtrip' ? [2, 3] : s.mode === 'roundtrip-out' ? [6, 2, 2, 2] : undefined,
    spanGaps: true,
    points: { show: true, size: 5 },
    value: (_u, v) => (v == null ? '—' : `${v.toFixed(2)} GB/s`),
  };
}

export class ThroughputChart {
  private plot: uPlot | undefined;

  constructor(private readonly container: HTMLElement) {
    new ResizeObserver(() => this.plot?.setSize(this.size())).observe(container);
  }

  render(data: ChartData): void {
    this.plot?.destroy();
    this.plot = undefined;
    this.container.replaceChildren();
    if (data.series.length === 0) {
      const p = document.createElement('p');
      p.className = 'hint';
      p.textContent = 'No throughput to show yet: click Run, or load a file written by `rectify-bench --json`.';
      this.container.append(p);
      return;
    }
    const sources = [...new Set(data.series.map((s) => s.source))];
    const opts: uPlot.Options = {
      ...this.size(),
      scales: { x: { distr: 3, log: 2, time: false }, y: { distr: 3, log: 10 } },
      axes: [
        { label: 'elements per call', values: (_u, splits) => splits.map(formatSize) },
        { label: 'GB/s (bytes read + written per second)', size: 70 },
      ],
      series: [
        { label: 'size', value: (_u, v) => (v == null ? '—' : `${formatSize(v)} elements`) },
        ...data.series.map((s) => seriesStyle(s, sources.indexOf(s.source))),
      ],
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
    };
    this.plot = new uPlot(opts, toAlignedData(data) as uPlot.AlignedData, this.container);
  }

  private size(): { width: number; height: number } {
    return { width: Math.max(320, this.container.clientWidth), height: 380 };
  }
}

/** The browser's run as a report in the CLI's schema, so that it can be saved and loaded beside Node's. */
import { buildReport, type BenchReport, type Machine } from '@rectify/bench';
import type { BenchOutcome } from '../bench/client.ts';

/** Built (and validated) by the benchmark package's own report builder, as the CLI's --json is. */
export function browserReport(outcome: Pick<BenchOutcome, 'result' | 'unavailable'>, machine: Machine, createdAt: Date): BenchReport {
  return buildReport({ createdAt, machine, unavailable: outcome.unavailable, result: outcome.result });
}

/** "rectify-bench-browser-2025-01-31T12-00-00.json" */
export function exportFileName(report: BenchReport): string {
  return `rectify-bench-${report.machine.runtime}-${report.createdAt.slice(0, 19).replace(/:/g, '-')}.json`;
}

/** Reading JSON files written by `rectify-bench --json` (or exported by this page). */
import { z } from 'zod';
import { BenchReportSchema, type BenchReport } from '@rectify/bench';

/** One loaded result set: a file, or the browser's own run. */
export interface ResultSource {
  /** Unique and shown in the chart's legend, e.g. "bench-xeon.json (node v20.20.0)". */
  label: string;
  report: BenchReport;
}

export type ParseResult = { ok: true; source: ResultSource } | { ok: false; error: string };

const MAX_ISSUES = 5;

/** Parses and validates one file's text; the error names the file and says what is wrong where. */
export function parseReportText(fileName: string, text: string): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `${fileName}: not valid JSON (${e instanceof Error ? e.message : String(e)}).` };
  }
  const parsed = BenchReportSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, MAX_ISSUES).map(describeIssue);
    const more = parsed.error.issues.length > MAX_ISSUES ? `; and ${parsed.error.issues.length - MAX_ISSUES} more` : '';
    return {
      ok: false,
      error: `${fileName}: not a Rectify benchmark report (expected the JSON that \`rectify-bench --json\` writes): ${issues.join('; ')}${more}.`,
    };
  }
  return { ok: true, source: { label: sourceLabel(fileName, parsed.data), report: parsed.data } };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
  return `${where}: ${issue.message}`;
}

/** "file.json (node v20.20.0, 16 cores)": enough to tell machines and runtimes apart in a legend. */
export function sourceLabel(fileName: string, report: BenchReport): string {
  const m = report.machine;
  const runtime = m.runtime === 'node' ? `node ${m.runtimeVersion}` : 'browser';
  return `${fileName} (${runtime}, ${m.cores} cores)`;
}

/** Adds a source, renaming it "label #2", "#3"... when the label is taken, so legends stay unambiguous. */
export function addSource(sources: readonly ResultSource[], source: ResultSource): ResultSource[] {
  const taken = new Set(sources.map((s) => s.label));
  let label = source.label;
  for (let n = 2; taken.has(label); n++) label = `${source.label} #${n}`;
  return [...sources, { ...source, label }];
}

/** Builds and validates the JSON report (src/schema.ts). Environment-free. */
import { BenchReportSchema, SCHEMA_VERSION, type BenchReport, type Machine } from './schema.js';
import type { RunResult, Unavailable } from './run.js';

export function buildReport(args: { createdAt: Date; machine: Machine; unavailable: readonly Unavailable[]; result: RunResult }): BenchReport {
  const { createdAt, machine, unavailable, result } = args;
  return validateReport({
    schemaVersion: SCHEMA_VERSION,
    createdAt: createdAt.toISOString(),
    machine,
    unavailable: [...unavailable, ...result.failed],
    wrong: result.wrong,
    records: result.records,
  });
}

/** Parses a report (e.g. a JSON file read back); throws a TypeError listing every problem when it does not fit the schema. */
export function validateReport(value: unknown): BenchReport {
  const parsed = BenchReportSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new TypeError(`not a rectify-bench report (schema version ${SCHEMA_VERSION}):\n  ${problems.join('\n  ')}`);
}

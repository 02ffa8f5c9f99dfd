/**
 * The report card: our backends and the peers graded side by side by @rectify/conformance, every
 * first mismatch replayed on the same backend to show that it is what the backend computes. The JSON
 * that `npm run conformance:peers -- --json FILE` writes and the dashboard's Report card reads.
 * Bump REPORT_CARD_VERSION on any change an older reader would misread.
 */
import { OP_NAMES, type ActivationBackend, type OpName } from '@rectify/core';
import { MISMATCH_CLASSES, gradeBackend, replayExample } from '@rectify/conformance';
import { z } from 'zod';
import type { PeerBackend } from './peer-backend.js';

export const REPORT_CARD_VERSION = 1;

const Tally = z.object({ elements: z.number().int().nonnegative(), mismatches: z.number().int().nonnegative() });

export const CardExampleSchema = z.object({
  class: z.enum(MISMATCH_CLASSES),
  set: z.enum(['specials', 'random']),
  params: z.string(),
  part: z.enum(['result', 'dalpha', 'whole']),
  index: z.number().int(),
  length: z.number().int().nonnegative(),
  seed: z.number().int().nonnegative(),
  operands: z.record(z.string(), z.string()),
  got: z.string(),
  want: z.string(),
  /** The same call run again on the same backend: the bits it gave (one entry when every copy agreed). */
  replay: z.object({ got: z.array(z.string()), want: z.string(), how: z.enum(['alone', 'in its call']), reproduced: z.boolean() }),
});

export const CardEntrySchema = z.object({
  op: z.enum(OP_NAMES as unknown as [OpName, ...OpName[]]),
  dtype: z.enum(['float32', 'float64', 'float16', 'int32', 'int8']),
  passed: z.boolean(),
  cases: z.number().int().nonnegative(),
  specials: Tally,
  random: Tally,
  classes: z.partialRecord(z.enum(MISMATCH_CLASSES), z.number().int().positive()),
  examples: z.array(CardExampleSchema),
  error: z.string().optional(),
});

export const CardBackendSchema = z.object({
  name: z.string(),
  /** Ours, or another library's. */
  kind: z.enum(['rectify', 'peer']),
  /** Where it ran: 'node', or the browser ('chromium'). */
  runtime: z.string(),
  library: z.string(),
  available: z.boolean(),
  /** Why it could not run here, when it could not. */
  reason: z.string().optional(),
  /** Ops (or dtypes of them) of docs/semantics.md it does not run, with the reason. */
  lacks: z.record(z.string(), z.string()),
  entries: z.array(CardEntrySchema),
});

export const ReportCardSchema = z.object({
  schema: z.literal(REPORT_CARD_VERSION),
  generated: z.string(),
  seed: z.number().int().nonnegative(),
  randomLength: z.number().int().positive(),
  backends: z.array(CardBackendSchema),
});

export type CardBackend = z.infer<typeof CardBackendSchema>;
export type CardEntryReport = z.infer<typeof CardEntrySchema>;
export type CardExampleReport = z.infer<typeof CardExampleSchema>;
export type ReportCard = z.infer<typeof ReportCardSchema>;

export interface CardOptions {
  kind: CardBackend['kind'];
  runtime: string;
  seed: number;
  randomLength: number;
  /** Called after each (op, dtype). */
  onProgress?: (done: number, total: number) => void;
}

const isPeer = (b: ActivationBackend): b is PeerBackend => 'lacks' in b && 'library' in b;

/** Grades one backend and replays each first mismatch on it. */
export async function gradeForCard(backend: ActivationBackend, options: CardOptions): Promise<CardBackend> {
  const entries = await gradeBackend(backend, { seed: options.seed, randomLength: options.randomLength, onProgress: options.onProgress });
  const graded = [];
  for (const { backend: _name, ...entry } of entries) {
    const examples = [];
    for (const example of entry.examples) {
      const r = await replayExample(backend, entry.op, entry.dtype, example);
      examples.push({ ...example, replay: { ...r, reproduced: r.got.length === 1 && r.got[0] === example.got && r.want === example.want } });
    }
    graded.push({ ...entry, examples });
  }
  const lacks: Record<string, string> = isPeer(backend) ? { ...backend.lacks } : {};
  return { name: backend.name, kind: options.kind, runtime: options.runtime, library: isPeer(backend) ? backend.library : `@rectify/backend-${backend.name}`, available: true, lacks, entries: graded };
}

/** A backend that could not run here, listed with the reason. */
export function unavailableCard(name: string, kind: CardBackend['kind'], runtime: string, reason: string): CardBackend {
  return { name, kind, runtime, library: '', available: false, reason, lacks: {}, entries: [] };
}

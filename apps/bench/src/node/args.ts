/** The command line: node:util's parseArgs plus checks that say what is valid. Node-only. */
import { parseArgs } from 'node:util';
import { opDefinition, type DType, type OpName } from '@rectify/core';
import {
  BENCH_DTYPES,
  BENCH_OPS,
  DEFAULT_CHANNELS,
  DEFAULT_OPS,
  DEFAULT_SIZES,
  QUICK_SIZES,
  benchOp,
  cellChannels,
  defaultBudget,
  fixedBudget,
  formatSize,
  MAX_SIZE,
  parseSize,
  quickBudget,
  BENCH_BACKENDS,
  type BenchBackendName,
  type BenchPlan,
} from '../plan.js';

export const REFERENCES = ['tfjs-cpu', 'tfjs-wasm', 'ort-wasm'] as const;
export type ReferenceName = (typeof REFERENCES)[number];

/** The benchmarked ops with a per-channel parameter, for --help. */
const PER_CHANNEL = BENCH_OPS.filter((op) => benchOp(op).perChannel);

export const USAGE = `Usage: rectify-bench [options]

Times Rectify's backends against the copy ceiling, tfjs (cpu, wasm) and onnxruntime-web, after
checking every backend's output against the oracle.

Options:
  --backends LIST    Rectify backends: ${BENCH_BACKENDS.join(', ')} (default: all; auto routes each call to the fastest of the others)
  --references LIST  peers: ${REFERENCES.join(', ')}, or none (default: all); the copy ceiling always runs
  --ops LIST         ${BENCH_OPS.join(', ')} (default: ${DEFAULT_OPS.join(',')});
                     each with its default parameters; ${PER_CHANNEL.join(', ')}: an alpha per channel
  --dtypes LIST      ${BENCH_DTYPES.join(', ')} (default: float32)
  --sizes LIST       element counts with optional K (×1024) or M (×1048576) suffix
                     (default: ${DEFAULT_SIZES.map(formatSize).join(',')}; with --quick: ${QUICK_SIZES.map(formatSize).join(',')})
  --channels LIST    channel counts of ${PER_CHANNEL.join(', ')}: a cell each, x as [size / C, C]
                     (channels last), so each must divide every size (default: ${DEFAULT_CHANNELS.join(',')})
  --budget MS        timed milliseconds per series and cell (default: by size, see README)
  --seed N           seed of the random inputs (default: 1)
  --quick            small sizes and budgets: a check that everything runs (under 20 s)
  --json FILE        also write the results as JSON (schema: README.md)
  --no-progress      no progress bar (it is drawn on stderr only when stderr is a terminal)
  -h, --help         this text

Exit status: 0 done, 1 a backend gave a wrong result, 2 bad arguments.`;

/** A bad command line: the message says what was wrong and what is valid. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CliOptions {
  plan: BenchPlan;
  backends: BenchBackendName[];
  references: ReferenceName[];
  json?: string;
  progress: boolean;
  help: boolean;
}

function list<T extends string>(flag: string, text: string | undefined, valid: readonly T[], fallback: readonly T[]): T[] {
  if (text === undefined) return [...fallback];
  const items = text.split(',').map((s) => s.trim());
  const bad = items.filter((s) => !(valid as readonly string[]).includes(s));
  if (items.some((s) => s === '') || bad.length) {
    const what = bad.filter(Boolean).map((b) => `'${b}'`).join(', ') || 'an empty entry';
    throw new UsageError(`--${flag}: unknown ${what}; valid: ${valid.join(', ')} (comma-separated)`);
  }
  return [...new Set(items as T[])];
}

/** --ops: like list(), but an op of core's table that is not benchmarked gets a message saying why. */
function opList(text: string | undefined): OpName[] {
  for (const name of (text ?? '').split(',').map((s) => s.trim())) {
    if (!opDefinition(name)) continue;
    try {
      benchOp(name);
    } catch (e) {
      throw new UsageError(`--ops: ${(e as Error).message} (comma-separated)`);
    }
  }
  return list('ops', text, BENCH_OPS, DEFAULT_OPS);
}

/** --channels: positive integers; whether they divide the sizes is checked with the plan. */
function channelList(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const items = text.split(',').map((s) => s.trim());
  const bad = items.find((s) => !/^\d+$/.test(s) || Number(s) < 1 || Number(s) > MAX_SIZE);
  if (bad !== undefined) throw new UsageError(`--channels: '${bad}' is not a channel count; use positive integers, e.g. 64,1024`);
  return [...new Set(items.map(Number))];
}

function positiveNumber(flag: string, text: string | undefined, integer: boolean): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  const ok = text.trim() !== '' && Number.isFinite(n) && n >= 0 && (!integer || Number.isSafeInteger(n)) && (integer || n > 0);
  if (!ok) throw new UsageError(`--${flag}: '${text}' is not ${integer ? 'a non-negative integer' : 'a positive number'}`);
  return n;
}

export function parseCli(argv: readonly string[]): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      allowNegative: true,
      options: {
        backends: { type: 'string' },
        references: { type: 'string' },
        ops: { type: 'string' },
        dtypes: { type: 'string' },
        sizes: { type: 'string' },
        channels: { type: 'string' },
        budget: { type: 'string' },
        seed: { type: 'string' },
        quick: { type: 'boolean', default: false },
        json: { type: 'string' },
        progress: { type: 'boolean', default: true },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    // parseArgs' own messages name the bad option; add what is valid.
    throw new UsageError(`${e instanceof Error ? e.message : String(e)}\nValid options: --backends, --references, --ops, --dtypes, --sizes, --channels, --budget, --seed, --quick, --json, --no-progress, --help`);
  }
  const quick = values.quick;
  let sizes: number[];
  try {
    sizes = values.sizes === undefined ? [...(quick ? QUICK_SIZES : DEFAULT_SIZES)] : values.sizes.split(',').map(parseSize);
  } catch (e) {
    throw new UsageError(`--sizes: ${e instanceof Error ? e.message : String(e)}`);
  }
  const budgetMs = positiveNumber('budget', values.budget, false);
  const seed = positiveNumber('seed', values.seed, true) ?? 1;
  const references = values.references === 'none' ? [] : list('references', values.references, REFERENCES, REFERENCES);
  if (values.json !== undefined && values.json.trim() === '') throw new UsageError('--json: give a file name');
  const plan: BenchPlan = {
    ops: opList(values.ops),
    dtypes: list<DType>('dtypes', values.dtypes, BENCH_DTYPES, ['float32']),
    sizes: [...new Set(sizes)],
    channels: channelList(values.channels),
    seed,
    budget: budgetMs !== undefined ? fixedBudget(budgetMs) : quick ? quickBudget : defaultBudget,
  };
  try {
    for (const op of plan.ops) cellChannels(benchOp(op), plan);
  } catch (e) {
    throw new UsageError(`--channels: ${(e as Error).message}`);
  }
  return {
    help: values.help,
    progress: values.progress,
    json: values.json,
    backends: list('backends', values.backends, BENCH_BACKENDS, BENCH_BACKENDS),
    references,
    plan,
  };
}

/**
 * An ONNX model run with onnxruntime-web (wasm), every ReLU-family layer's input captured and handed
 * to a Rectify backend in batches of samples. Nothing here needs Node: the CLI feeds it files, the
 * dashboard a model picked in the browser.
 */
import type { AnyTypedArray } from '@rectify/core';
import type { ChosenBackend } from './backends.js';
import { DoctorInputError } from './errors.js';
import { findingsOf } from './findings.js';
import { LayerAccumulator, unitsLast } from './layer-stats.js';
import { activationOf, loadModel, type ActivationLayer, type GraphInput } from './onnx-model.js';
import { DoctorReport, type LayerReport } from './report.js';
import { summarize } from './summarize.js';

export interface ModelOptions {
  /** The backend to compute with, and the JS fallback for what it lacks (backends.ts). */
  backend: ChosenBackend;
  /** The user's samples for each graph input; without it, `random` seeded samples. */
  feeds?: (inputs: readonly GraphInput[]) => Promise<Feeds>;
  /** Run on this many seeded random samples instead of feeds. */
  random?: number;
  seed?: number;
  /** Samples per run (default 64). */
  batch?: number;
  /** A unit is dormant when > 0 on fewer than this share of samples (default 0.01). */
  dormant?: number;
  onProgress?: (line: string) => void;
  /** The files the feeds came from, for the report. */
  files?: readonly string[];
}

export interface Feeds {
  samples: number;
  inputs: Feed[];
}

export interface Feed {
  name: string;
  type: string;
  dims: number[];
  rows(start: number, n: number): AnyTypedArray;
}

const DEFAULT_DORMANT = 0.01;

export function checkDormant(d: number | undefined): number {
  const v = d ?? DEFAULT_DORMANT;
  if (!Number.isFinite(v) || v <= 0 || v >= 1) throw new DoctorInputError(`--dormant must be a share between 0 and 1 (exclusive), got ${d}.`);
  return v;
}

export function reportOf(chosen: ChosenBackend, source: DoctorReport['source'], dormant: number, layers: LayerReport[]): DoctorReport {
  return DoctorReport.parse({
    schemaVersion: 1,
    backend: chosen.backend.name,
    fallbacks: [...chosen.fellBack].sort(),
    skipped: chosen.skipped,
    source,
    dormantThreshold: dormant,
    layers,
    findings: findingsOf(layers),
  });
}

const fileName = (path: string) => path.split(/[\\/]/).pop() ?? path;

interface OrtTensor {
  data: unknown;
  dims: readonly number[];
  type: string;
}
interface Ort {
  InferenceSession: { create(model: Uint8Array, options?: object): Promise<{ run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>; release(): Promise<void> }> };
  Tensor: new (type: string, data: AnyTypedArray, dims: readonly number[]) => OrtTensor;
  env: { wasm: { numThreads: number }; logLevel?: string };
}

/** Runs an ONNX model (its bytes; `file` names it in messages) with every ReLU-family layer's input captured, and diagnoses each layer. */
export async function diagnoseModel(bytes: Uint8Array, file: string, options: ModelOptions): Promise<DoctorReport> {
  const dormant = checkDormant(options.dormant);
  const batch = options.batch ?? 64;
  if (!Number.isSafeInteger(batch) || batch < 1) throw new DoctorInputError(`--batch must be a positive integer, got ${options.batch}.`);
  const random = options.random;
  if (random !== undefined && (!Number.isSafeInteger(random) || random < 1)) throw new DoctorInputError(`--random must be a positive number of samples, got ${random}.`);
  if (random === undefined && !options.feeds) throw new DoctorInputError('give the model inputs (--input name=file.npy) or run it on random ones (--random N).');
  const model = loadModel(bytes, file);
  if (model.layers.length === 0) throw new DoctorInputError(`${file} has no ReLU-family layers (Relu, LeakyRelu, PRelu, Clip from 0, fused Conv/Gemm activations).`);
  const feeds = random === undefined ? await options.feeds!(model.inputs) : randomFeeds(model.inputs, random, options.seed ?? 1);
  const ort = (await import('onnxruntime-web')) as unknown as Ort;
  ort.env.wasm.numThreads = 1;
  ort.env.logLevel = 'error';
  const session = await ort.InferenceSession.create(model.instrumented, { executionProviders: ['wasm'] });
  const chosen = options.backend;
  try {
    const accs = new Map<ActivationLayer, LayerAccumulator>();
    const samples = feeds.samples;
    for (let start = 0; start < samples; start += batch) {
      const n = Math.min(batch, samples - start);
      const runFeeds: Record<string, OrtTensor> = {};
      for (const f of feeds.inputs) runFeeds[f.name] = new ort.Tensor(f.type, f.rows(start, n), [n, ...f.dims.slice(1)]);
      let results: Record<string, OrtTensor>;
      try {
        results = await session.run(runFeeds);
      } catch (e) {
        throw new DoctorInputError(`${file} failed to run on the inputs: ${(e as Error).message.split('\n')[0]}`);
      }
      for (const layer of model.layers) {
        const t = results[layer.tensor] ?? runFeeds[layer.tensor];
        const data = t.data as AnyTypedArray;
        const dims = t.dims;
        const axis = dims.length >= 2 ? 1 : 0;
        const units = dims.length === 0 ? 1 : dims[axis];
        let acc = accs.get(layer);
        if (!acc) accs.set(layer, (acc = new LayerAccumulator(chosen.ops, units, activationOf(layer, model.slopes, units, data))));
        await acc.add(dims.length < 2 ? data : unitsLast(data, dims, axis));
      }
      options.onProgress?.(`${fileName(file)}: ${start + n} of ${samples} samples`);
    }
    const layers = model.layers.map((l) =>
      summarize({ name: l.name, op: `${l.op} (${l.onnxOp})`, fromOutput: l.fromOutput }, accs.get(l)!.figures(), dormant, l.ceiling !== undefined),
    );
    return reportOf(chosen, { kind: 'onnx', files: [file, ...(random === undefined ? (options.files ?? []) : [])], ...(random === undefined ? {} : { random: { samples: random, seed: options.seed ?? 1 } }) }, dormant, layers);
  } finally {
    await session.release();
  }
}

/** Seeded standard-normal float32 samples of each input's declared shape, its symbolic first axis the sample count. */
function randomFeeds(graphInputs: readonly GraphInput[], samples: number, seed: number): { samples: number; inputs: Feed[] } {
  const next = normal(seed);
  const inputs = graphInputs.map((g): Feed => {
    if (g.dtype !== 'float32') throw new DoctorInputError(`--random makes float32 inputs, but '${g.name}' is ${g.dtype ?? 'of an unknown type'}; pass its data with --input.`);
    const rest = g.dims.slice(1);
    if (rest.some((d) => typeof d !== 'number' || d < 1)) throw new DoctorInputError(`input '${g.name}' has dimensions [${g.dims.join(', ')}]: only the first (the samples) may be symbolic for --random; pass data with --input.`);
    const dims = [samples, ...(rest as number[])];
    const rowLength = (rest as number[]).reduce((a, b) => a * b, 1);
    const data = new Float32Array(samples * rowLength);
    for (let i = 0; i < data.length; i++) data[i] = next();
    return { name: g.name, type: 'float32', dims, rows: (start, n) => data.subarray(start * rowLength, (start + n) * rowLength) };
  });
  return { samples, inputs };
}

/** Box-Muller over a 32-bit LCG: reproducible from the seed on every machine. */
function normal(seed: number): () => number {
  let s = seed >>> 0 || 1;
  const uniform = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

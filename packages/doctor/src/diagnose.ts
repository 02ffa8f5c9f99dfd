/**
 * The two ways in: .npy dumps of pre-activations (one layer a file) and ONNX models run with
 * onnxruntime-web on the user's inputs or on seeded random ones. Both stream: a dump in chunks of rows,
 * a model in batches of samples, each chunk handed to the backend and added up per layer.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { AnyTypedArray } from '@rectify/core';
import { chooseBackend } from './backends.js';
import { DoctorInputError } from './errors.js';
import { LayerAccumulator, unitsLast } from './layer-stats.js';
import { NpyReader } from './npy.js';
import { loadModel, type GraphInput } from './onnx-model.js';
import type { DoctorReport, LayerReport } from './report.js';
import { checkDormant, diagnoseModel, reportOf, type Feed, type ModelOptions } from './run-model.js';
import { summarize } from './summarize.js';

export interface DoctorOptions {
  /** js, wasm or webgpu; default: the registry's best. */
  backend?: string;
  /** A unit is dormant when > 0 on fewer than this share of samples (default 0.01). */
  dormant?: number;
  /** Called with a line of progress now and then. */
  onProgress?: (line: string) => void;
}

export interface NpyOptions extends DoctorOptions {
  /** The units' axis of N-D dumps (2-D dumps are samples × units). */
  channelAxis?: number;
  /** Chunk size in bytes (default 64 MiB). */
  chunkBytes?: number;
}

export interface OnnxOptions extends DoctorOptions, Omit<ModelOptions, 'backend'> {
  /** Input name → .npy file of samples (first axis). */
  inputs?: Record<string, string>;
}

/** One layer per .npy file: 2-D samples × units, or N-D with the units on `channelAxis`. */
export async function diagnoseNpy(files: readonly string[], options: NpyOptions = {}): Promise<DoctorReport> {
  if (files.length === 0) throw new DoctorInputError('give at least one .npy file of pre-activations.');
  const dormant = checkDormant(options.dormant);
  const readers: NpyReader[] = [];
  try {
    for (const file of files) readers.push(await NpyReader.open(file));
    const axes = readers.map((r) => unitAxis(r, options.channelAxis));
    const chosen = await chooseBackend(options.backend);
    try {
      const layers: LayerReport[] = [];
      for (const [k, reader] of readers.entries()) {
        const { shape } = reader.header;
        const axis = axes[k];
        const units = shape.length === 0 ? 1 : shape[axis];
        const acc = new LayerAccumulator(chosen.ops, units, { op: 'relu', params: [] });
        let done = 0;
        for await (const chunk of reader.chunks(options.chunkBytes)) {
          await acc.add(shape.length < 2 ? chunk.data : unitsLast(chunk.data, [chunk.rows, ...shape.slice(1)], axis));
          done += chunk.rows;
          options.onProgress?.(`${basename(reader.file)}: ${done} of ${reader.rows} rows`);
        }
        layers.push(summarize({ name: basename(reader.file, '.npy'), op: 'relu' }, acc.figures(), dormant, false));
      }
      return reportOf(chosen, { kind: 'npy', files: [...files] }, dormant, layers);
    } finally {
      await chosen.dispose();
    }
  } finally {
    for (const r of readers) await r.close();
  }
}

function unitAxis(reader: NpyReader, channelAxis: number | undefined): number {
  const rank = reader.header.shape.length;
  if (rank <= 1) return 0;
  if (channelAxis === undefined) {
    if (rank === 2) return 1;
    throw new DoctorInputError(`${reader.file} has shape (${reader.header.shape.join(', ')}); say which axis holds the units with --channel-axis (1 for NCHW, ${rank - 1} for NHWC).`);
  }
  const axis = channelAxis < 0 ? channelAxis + rank : channelAxis;
  if (!Number.isInteger(channelAxis) || axis < 1 || axis >= rank) {
    throw new DoctorInputError(`--channel-axis ${channelAxis} is not an axis of ${reader.file}'s shape (${reader.header.shape.join(', ')}) other than the samples' (0).`);
  }
  return axis;
}

/** Runs an ONNX model file on .npy inputs (or seeded random ones) and diagnoses each ReLU-family layer. */
export async function diagnoseOnnx(file: string, options: OnnxOptions = {}): Promise<DoctorReport> {
  checkDormant(options.dormant);
  const inputs = options.inputs ?? {};
  if (options.random === undefined && Object.keys(inputs).length === 0) throw new DoctorInputError('give the model inputs (--input name=file.npy) or run it on random ones (--random N).');
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new DoctorInputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}.`);
  }
  // Bad inputs fail before a backend starts: read them against the model's graph inputs first.
  const given = options.random === undefined ? await userFeeds(loadModel(bytes, file).inputs, inputs) : undefined;
  const feeds = given && (() => Promise.resolve(given));
  const chosen = await chooseBackend(options.backend);
  try {
    return await diagnoseModel(bytes, file, { ...options, backend: chosen, feeds, files: Object.values(inputs) });
  } finally {
    await chosen.dispose();
  }
}

async function userFeeds(graphInputs: readonly GraphInput[], files: Record<string, string>): Promise<{ samples: number; inputs: Feed[] }> {
  for (const name of Object.keys(files)) {
    if (!graphInputs.some((g) => g.name === name)) throw new DoctorInputError(`--input ${name}: the model has no input '${name}'; its inputs are ${graphInputs.map((g) => g.name).join(', ')}.`);
  }
  const inputs: Feed[] = [];
  let samples: number | undefined;
  for (const g of graphInputs) {
    const file = files[g.name];
    if (!file) throw new DoctorInputError(`the model's input '${g.name}' has no data: add --input ${g.name}=file.npy (or use --random N).`);
    const reader = await NpyReader.open(file);
    try {
      const data = await readAll(reader);
      const { shape, dtype } = reader.header;
      if (shape.length === 0) throw new DoctorInputError(`${file} holds a scalar; the model takes samples along the first axis.`);
      if (samples !== undefined && shape[0] !== samples) throw new DoctorInputError(`${file} has ${shape[0]} samples but the other inputs have ${samples}.`);
      samples = shape[0];
      const rowLength = reader.rowLength;
      inputs.push({ name: g.name, type: dtype, dims: shape, rows: (start, n) => data.subarray(start * rowLength, (start + n) * rowLength) as AnyTypedArray });
    } finally {
      await reader.close();
    }
  }
  return { samples: samples ?? 0, inputs };
}

async function readAll(reader: NpyReader): Promise<AnyTypedArray> {
  const parts: AnyTypedArray[] = [];
  for await (const c of reader.chunks()) parts.push(c.data);
  if (parts.length === 1) return parts[0];
  const all = new (parts[0].constructor as new (n: number) => AnyTypedArray)(reader.header.length);
  let at = 0;
  for (const p of parts) {
    new Uint8Array(all.buffer, at * all.BYTES_PER_ELEMENT, p.byteLength).set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength));
    at += p.length;
  }
  return all;
}


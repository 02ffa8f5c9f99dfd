#!/usr/bin/env node
/** rectify-doctor: the command line. Bad files and flags print one line and exit 2. */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { diagnoseNpy, diagnoseOnnx } from './diagnose.js';
import { DoctorInputError } from './errors.js';
import { formatReport } from './format.js';

const USAGE = `Usage: rectify-doctor MODEL.onnx (--input NAME=FILE.npy ... | --random N) [options]
       rectify-doctor LAYER.npy ... [--channel-axis K] [options]

Diagnoses the ReLU-family layers of a model: dead and dormant units, sparsity, NaNs and infinities,
the mean output per unit (bias shift), relu6 saturation and a histogram of pre-activations, each
computed by a Rectify backend. An ONNX model is run with onnxruntime-web, every Relu, LeakyRelu,
PRelu, Clip(0, c) and fused Conv/Gemm activation captured; .npy files are pre-activation dumps, one
layer a file, samples × units (N-D: --channel-axis says where the units are).

Options:
  --input NAME=FILE  a model input's samples (first axis), as .npy; repeat for each input
  --random N         run the model on N seeded random samples instead (the report says so)
  --seed S           seed for --random (default 1)
  --batch N          samples per model run (default 64)
  --channel-axis K   the units' axis of N-D .npy dumps (1 for NCHW)
  --dormant SHARE    a unit firing on fewer than this share of samples is dormant (default 0.01)
  --backend NAME     js, wasm or webgpu (default: the best available)
  --json FILE        also write the report as JSON (schema: packages/doctor/README.md)
  --no-progress      no progress lines on stderr
  -h, --help         this text

Exit status: 0 report printed (findings or not), 2 bad arguments or files.`;

function fail(message: string): never {
  process.stderr.write(`rectify-doctor: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        input: { type: 'string', multiple: true },
        random: { type: 'string' },
        seed: { type: 'string' },
        batch: { type: 'string' },
        'channel-axis': { type: 'string' },
        dormant: { type: 'string' },
        backend: { type: 'string' },
        json: { type: 'string' },
        'no-progress': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    fail(`${(e as Error).message}; see --help.`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const num = (flag: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) fail(`--${flag} must be a number, got '${v}'.`);
    return n;
  };
  if (positionals.length === 0) fail('give an ONNX model or .npy dumps; see --help.');
  const onnx = positionals.filter((p) => p.endsWith('.onnx'));
  const npy = positionals.filter((p) => p.endsWith('.npy'));
  const other = positionals.filter((p) => !p.endsWith('.onnx') && !p.endsWith('.npy'));
  if (other.length > 0) fail(`${other[0]} is neither a .onnx model nor a .npy dump.`);
  if (onnx.length > 1 || (onnx.length === 1 && npy.length > 0)) fail('give one .onnx model, or .npy dumps, not both.');
  const progress = values['no-progress'] ? undefined : throttled((line) => process.stderr.write(`${line}\n`));
  const common = { backend: values.backend, dormant: num('dormant', values.dormant), onProgress: progress };
  try {
    let report;
    if (onnx.length === 1) {
      if (values['channel-axis'] !== undefined) fail('--channel-axis is for .npy dumps; an ONNX model\'s tensors are NCHW or samples × units.');
      const inputs: Record<string, string> = {};
      for (const spec of values.input ?? []) {
        const eq = spec.indexOf('=');
        if (eq <= 0 || eq === spec.length - 1) fail(`--input takes NAME=FILE.npy, got '${spec}'.`);
        inputs[spec.slice(0, eq)] = spec.slice(eq + 1);
      }
      if (values.random !== undefined && Object.keys(inputs).length > 0) fail('give --input files or --random N, not both.');
      report = await diagnoseOnnx(onnx[0], { ...common, inputs, random: num('random', values.random), seed: num('seed', values.seed), batch: num('batch', values.batch) });
    } else {
      for (const flag of ['input', 'random', 'seed', 'batch'] as const) if (values[flag] !== undefined) fail(`--${flag} is for ONNX models, not .npy dumps.`);
      report = await diagnoseNpy(npy, { ...common, channelAxis: num('channel-axis', values['channel-axis']) });
    }
    console.log(formatReport(report));
    if (values.json) await writeFile(values.json, `${JSON.stringify(report, null, 2)}\n`);
  } catch (e) {
    if (e instanceof DoctorInputError) fail(e.message);
    throw e;
  }
}

/** At most one progress line a second. */
function throttled(write: (line: string) => void): (line: string) => void {
  let last = 0;
  return (line) => {
    const now = Date.now();
    if (now - last >= 1000) {
      last = now;
      write(line);
    }
  };
}

await main();

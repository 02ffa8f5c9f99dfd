#!/usr/bin/env node
// Exhaustive float32 sweep: every one of the 2^32 bit patterns through relu, clippedRelu and
// reluGrad (x side), compared with the oracle chunk by chunk, with progress on stderr.
import { parseArgs } from 'node:util';
import { oracle } from '@rectify/core';
import { firstMismatch, hexBits } from '../dist/index.js';

const USAGE = `Usage: rectify-exhaustive [options]

Sends every float32 bit pattern (or the range given) through a backend's relu, clippedRelu and
reluGrad and compares each result with the oracle; progress on stderr.

Options:
  --backend NAME   js, wasm or webgpu: the package @rectify/backend-NAME (default: js)
  --ops LIST       relu,clippedRelu,reluGrad (default: all three)
  --chunk N        patterns per call, 1..67108864 (default: 16777216)
  --start N        first pattern (default: 0)
  --end N          one past the last pattern, at most 4294967296 (default: 4294967296)
  -h, --help       this text

Exit status: 0 all match, 1 a mismatch (printed), 2 bad arguments or a backend that cannot load.`;

let values;
try {
  ({ values } = parseArgs({
    options: {
      backend: { type: 'string', default: 'js' },
      ops: { type: 'string', default: 'relu,clippedRelu,reluGrad' },
      chunk: { type: 'string', default: String(1 << 24) },
      start: { type: 'string', default: '0' },
      end: { type: 'string', default: String(2 ** 32) },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (e) {
  fail(`${e.message}. Run rectify-exhaustive --help for the options.`);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const ops = values.ops.split(',');
const unknown = ops.filter((op) => !['relu', 'clippedRelu', 'reluGrad'].includes(op));
if (unknown.length) fail(`unknown op(s) ${unknown.join(', ')}: the sweep covers relu, clippedRelu and reluGrad`);
const chunk = Number(values.chunk);
const start = Number(values.start);
const end = Number(values.end);
if (!Number.isInteger(chunk) || chunk < 1 || chunk > 1 << 26) fail('--chunk must be an integer in 1..67108864');
if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > 2 ** 32 || start >= end) {
  fail('--start and --end must be integers with 0 <= start < end <= 4294967296');
}

let mod;
try {
  mod = await import(`@rectify/backend-${values.backend}`);
} catch (e) {
  fail(`cannot load @rectify/backend-${values.backend}: ${e.message}. Build it first (npm run build) or check the name.`);
}
const backend = await mod.createBackend();
const api = backend.sync ?? backend;

const tty = process.stderr.isTTY;
const bits = new Uint32Array(chunk);
const x = new Float32Array(bits.buffer);
const dy = new Float32Array(chunk).fill(0.75);
const t0 = performance.now();
let mismatches = 0;
for (const op of ops) {
  const opStart = performance.now();
  for (let base = start; base < end; base += chunk) {
    const n = Math.min(chunk, end - base);
    for (let i = 0; i < n; i++) bits[i] = base + i;
    const input = x.subarray(0, n);
    const d = dy.subarray(0, n);
    const got = await (op === 'relu' ? api.relu(input) : op === 'clippedRelu' ? api.clippedRelu(input) : api.reluGrad(d, input));
    const want = op === 'relu' ? oracle.relu(input) : op === 'clippedRelu' ? oracle.clippedRelu(input) : oracle.reluGrad(d, input);
    const i = firstMismatch(op, input, got, want, backend.capabilities.flushesSubnormals);
    if (i >= 0) {
      mismatches++;
      console.error(`\nMISMATCH ${values.backend} ${op} float32 at input ${hexBits(input, i)}: got ${hexBits(got, i)}, want ${hexBits(want, i)}`);
    }
    const before = (base - start) / (end - start);
    const done = (base + n - start) / (end - start);
    const elapsed = (performance.now() - opStart) / 1000;
    const line = `${op}: ${(done * 100).toFixed(1)}%  ${elapsed.toFixed(0)} s, about ${(elapsed / done - elapsed).toFixed(0)} s left`;
    // A terminal gets one line redrawn; a log gets a line per tenth.
    if (tty) process.stderr.write(`\r${line}   `);
    else if (Math.floor(done * 10) > Math.floor(before * 10)) process.stderr.write(`${line}\n`);
  }
  if (tty) process.stderr.write('\n');
  console.log(`${op}: ${end - start} patterns in ${((performance.now() - opStart) / 1000).toFixed(1)} s`);
}
await backend.dispose();
console.log(`exhaustive ${values.backend}: ${mismatches === 0 ? 'all patterns match the oracle' : `${mismatches} chunk(s) mismatched`} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
process.exit(mismatches === 0 ? 0 : 1);

function fail(message) {
  console.error(`rectify-exhaustive: ${message}`);
  process.exit(2);
}

#!/usr/bin/env node
// Exhaustive float32 sweep: every one of the 2^32 bit patterns, as x, through every op of core's
// table whose result is an array (each op's first parameter case: its defaults, or prelu's one alpha;
// other arrays such as dy hold 0.75), compared with the oracle chunk by chunk, with progress on stderr.
import { OPS, invoke, oracle } from '@rectify/core';
import { createNamedBackend, fail as failWith, parseOptions } from './cli.js';
import { firstMismatch, hexBits } from '../dist/index.js';

const SWEPT = OPS.filter((op) => op.result === 'array' && op.dtypes.includes('float32'));
const SWEPT_NAMES = SWEPT.map((op) => op.name).join(',');

const USAGE = `Usage: rectify-exhaustive [options]

Sends every float32 bit pattern (or the range given) through a backend's ${SWEPT.map((op) => op.name).join(', ')}
(each op's first parameter case, e.g. defaults; dy = 0.75) and compares each result with the oracle; progress on stderr.

Options:
  --backend NAME   js, wasm or webgpu: the package @rectify/backend-NAME (default: js)
  --ops LIST       some of ${SWEPT_NAMES} (default: all)
  --chunk N        patterns per call, 1..67108864 (default: 16777216)
  --start N        first pattern (default: 0)
  --end N          one past the last pattern, at most 4294967296 (default: 4294967296)
  -h, --help       this text

Exit status: 0 all match, 1 a mismatch (printed), 2 bad arguments or a backend that cannot load.`;

const values = parseOptions('rectify-exhaustive', USAGE, {
  backend: { type: 'string', default: 'js' },
  ops: { type: 'string', default: SWEPT_NAMES },
  chunk: { type: 'string', default: String(1 << 24) },
  start: { type: 'string', default: '0' },
  end: { type: 'string', default: String(2 ** 32) },
});
const names = values.ops.split(',');
const unknown = names.filter((name) => !SWEPT.some((op) => op.name === name));
if (unknown.length) fail(`unknown op(s) ${unknown.join(', ')}: the sweep covers ${SWEPT_NAMES}`);
const ops = SWEPT.filter((op) => names.includes(op.name));
const chunk = Number(values.chunk);
const start = Number(values.start);
const end = Number(values.end);
if (!Number.isInteger(chunk) || chunk < 1 || chunk > 1 << 26) fail('--chunk must be an integer in 1..67108864');
if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > 2 ** 32 || start >= end) {
  fail('--start and --end must be integers with 0 <= start < end <= 4294967296');
}

const backend = await createNamedBackend('rectify-exhaustive', values.backend);
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
    const arrays = op.arrays.map((name) => (name === 'x' ? input : d));
    const params = op.cases('float32')[0].params(n);
    const got = await invoke(api, op, arrays, params);
    const want = invoke(oracle, op, arrays, params);
    const i = firstMismatch(op.name, input, got, want, backend.capabilities.flushesSubnormals);
    if (i >= 0) {
      mismatches++;
      console.error(`\nMISMATCH ${values.backend} ${op.name} float32 at input ${hexBits(input, i)}: got ${hexBits(got, i)}, want ${hexBits(want, i)}`);
    }
    const before = (base - start) / (end - start);
    const done = (base + n - start) / (end - start);
    const elapsed = (performance.now() - opStart) / 1000;
    const line = `${op.name}: ${(done * 100).toFixed(1)}%  ${elapsed.toFixed(0)} s, about ${(elapsed / done - elapsed).toFixed(0)} s left`;
    // A terminal gets one line redrawn; a log gets a line per tenth.
    if (tty) process.stderr.write(`\r${line}   `);
    else if (Math.floor(done * 10) > Math.floor(before * 10)) process.stderr.write(`${line}\n`);
  }
  if (tty) process.stderr.write('\n');
  console.log(`${op.name}: ${end - start} patterns in ${((performance.now() - opStart) / 1000).toFixed(1)} s`);
}
await backend.dispose();
console.log(`exhaustive ${values.backend}: ${mismatches === 0 ? 'all patterns match the oracle' : `${mismatches} chunk(s) mismatched`} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
process.exit(mismatches === 0 ? 0 : 1);

function fail(message) {
  failWith('rectify-exhaustive', message);
}

#!/usr/bin/env node
// Property-based fuzzing of one backend against the oracle (fast-check): arbitrary ops, dtypes,
// parameter cases, call modes, lengths, view offsets and bit patterns. Progress on stderr.
import { fuzzBackend } from '../dist/index.js';
import { createNamedBackend, fail as failWith, parseOptions } from './cli.js';

const USAGE = `Usage: rectify-fuzz [options]

Makes arbitrary calls (every op and dtype the backend declares, every call mode, lengths up to
--max-length, any bit patterns) and compares each result with the oracle bit for bit. A failure
prints fast-check's shrunk counterexample and the seed that replays it.

Options:
  --backend NAME     js, wasm or webgpu: the package @rectify/backend-NAME (default: js)
  --runs N           calls to make (default: 100000)
  --seed N           fast-check seed (default: random, printed)
  --max-length N     longest array, 0..16777216 (default: 70000)
  -h, --help         this text

Exit status: 0 all match, 1 a mismatch (printed), 2 bad arguments or a backend that cannot load.`;

const values = parseOptions('rectify-fuzz', USAGE, {
  backend: { type: 'string', default: 'js' },
  runs: { type: 'string', default: '100000' },
  seed: { type: 'string' },
  'max-length': { type: 'string', default: '70000' },
});
const runs = Number(values.runs);
const maxLength = Number(values['max-length']);
const seed = values.seed === undefined ? undefined : Number(values.seed);
if (!Number.isSafeInteger(runs) || runs < 1) fail('--runs must be a positive integer');
if (!Number.isSafeInteger(maxLength) || maxLength < 0 || maxLength > 1 << 24) fail('--max-length must be an integer in 0..16777216');
if (seed !== undefined && !Number.isSafeInteger(seed)) fail('--seed must be an integer');

const backend = await createNamedBackend('rectify-fuzz', values.backend);
const t0 = performance.now();
let tenth = 0;
const result = await fuzzBackend(backend, {
  runs,
  seed,
  maxLength,
  onCall(done) {
    if (Math.floor((done * 10) / runs) > tenth) {
      tenth = Math.floor((done * 10) / runs);
      process.stderr.write(`${values.backend}: ${done} of ${runs} calls, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
    }
  },
});
await backend.dispose();
const seconds = ((performance.now() - t0) / 1000).toFixed(1);
if (result.failure) {
  console.log(`fuzz ${values.backend}: MISMATCH (seed ${result.seed}) after ${seconds} s\n${result.failure}`);
  process.exit(1);
}
console.log(`fuzz ${values.backend}: ${runs} calls match the oracle (seed ${result.seed}) in ${seconds} s`);

function fail(message) {
  failWith('rectify-fuzz', message);
}

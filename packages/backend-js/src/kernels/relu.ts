import { wordsOf, type KernelArray } from './bits.js';
import { negativeMask16 } from './half.js';

/** out[i] = x[i] < 0 ? +0 : x[i]. out may be x. */
export function relu(arrays: readonly KernelArray[], _params: readonly number[], out: KernelArray): void {
  const x = arrays[0];
  const n = x.length;
  if (x instanceof Uint16Array) {
    // float16, as its bits (js-backend.ts hands those kernels Uint16Array views).
    const o = out as unknown as Uint16Array;
    for (let i = 0; i < n; i++) {
      const h = x[i];
      o[i] = h & ~negativeMask16(h);
    }
  } else if (x instanceof Float32Array) {
    reluFloat32(x, out as Float32Array);
  } else if (x instanceof Float64Array) {
    const xi = wordsOf(x);
    const oi = wordsOf(out);
    for (let i = 0; i < n; i++) {
      const keep = ~-(x[i] < 0);
      oi[2 * i] = xi[2 * i] & keep;
      oi[2 * i + 1] = xi[2 * i + 1] & keep;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = x[i];
      out[i] = v & ~(v >> 31);
    }
  }
}

const SCRATCH_LENGTH = 16384;
const SCRATCH = new Int32Array(SCRATCH_LENGTH);
const SCRATCH_FLOATS = new Float32Array(SCRATCH.buffer);
/** The last scratch prefix made: calls tend to repeat a size, and a view costs tens of nanoseconds. */
let part = SCRATCH_FLOATS;

/**
 * float32 relu on the bits, through a module-local scratch block (64 KiB, in cache). V8 folds a
 * module constant's base and length into the loop, where an argument's are reloaded after every
 * store into typed-array memory; and copies between float32 arrays move bytes (NaN payloads kept)
 * without touching `x.buffer` or `out.buffer`, whose first read costs a small array about 1 us.
 */
function reluFloat32(x: Float32Array, out: Float32Array): void {
  const n = x.length;
  for (let i = 0; i < n; i += SCRATCH_LENGTH) {
    const m = Math.min(SCRATCH_LENGTH, n - i);
    SCRATCH_FLOATS.set(m === n ? x : x.subarray(i, i + m));
    reluScratch(m);
    if (part.length !== m) part = SCRATCH_FLOATS.subarray(0, m);
    out.set(part, i);
  }
}

// bits.ts's negativeMask32, spelled out, in a function of its own: with the call, or inlined into the
// chunk loop, V8 made this loop 1.2x to 1.5x slower (same run, this machine).
function reluScratch(m: number): void {
  for (let k = 0; k < m; k++) {
    const v = SCRATCH[k];
    SCRATCH[k] = v & ~(((v + 0x7fffff) & v & -(v & 0x7fffffff)) >> 31);
  }
}

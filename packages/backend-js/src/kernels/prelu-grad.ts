import { roundExactSum, type AnyTypedArray, type ExactTotal, type FloatDType } from '@rectify/core';
import { productMask32, wordsOf } from './bits.js';

/** Most float64 bins kept at once (64 MiB): beyond it, channels are summed one at a time. */
const MAX_BINS = 1 << 23;

/**
 * dx[i] = x[i] > 0 || isNaN(x[i]) ? dy[i] : alpha[c] * dy[i] (into out), and returns dalpha: per
 * channel, the exact sum of the rounded products dy * x where x <= 0, rounded once by core.
 *
 * Terms are added into float64 bins by exponent, flushed into BigInt totals: float32 terms of one
 * exponent are multiples of its ulp below 2^24 ulps, so a bin of them is exact up to 2^29 terms;
 * float64 terms are split at 26 bits into two integers below 2^27, exact up to 2^26. When bins for
 * every channel would not fit in MAX_BINS (a channel per element, say), the loop goes channel by
 * channel with one set of bins instead.
 */
export function preluGrad(arrays: readonly AnyTypedArray[], params: readonly number[], out: AnyTypedArray, alpha?: AnyTypedArray): AnyTypedArray {
  const [dy, x] = arrays;
  const [channels, inner] = params;
  const a = alpha!;
  const f32 = x instanceof Float32Array;
  const together = channels * (f32 ? BINS32 : BINS64) <= MAX_BINS;
  const sums = f32 ? new Sums32(channels, together ? channels : 1) : new Sums64(channels, together ? channels : 1);
  const g: Grad = { dy, x, out, di: wordsOf(dy), xi: wordsOf(x), oi: wordsOf(out), f32, sums };
  const block = channels * inner;
  const n = x.length;
  if (together) {
    for (let base = 0; base < n; base += block) {
      for (let c = 0; c < channels; c++) run(g, base + c * inner, inner, a[c], c);
    }
    for (let c = 0; c < channels; c++) sums.flush(c, c);
  } else {
    for (let c = 0; c < channels; c++) {
      for (let base = 0; base < n; base += block) run(g, base + c * inner, inner, a[c], 0, c);
      sums.flush(0, c);
    }
  }
  return sums.finish();
}

interface Grad {
  dy: AnyTypedArray;
  x: AnyTypedArray;
  out: AnyTypedArray;
  di: Int32Array;
  xi: Int32Array;
  oi: Int32Array;
  f32: boolean;
  sums: Sums;
}

/** One run of `count` elements of one channel from `from`: dx, and the terms into bin slot `slot` (for channel `channel`). */
function run(g: Grad, from: number, count: number, alphaC: number, slot: number, channel = slot): void {
  const { dy, x, out, di, xi, oi, sums } = g;
  const to = from + count;
  for (let i = from; i < to; i++) {
    const v = x[i];
    const d = dy[i];
    if (v <= 0) sums.add(slot, channel, d * v);
    if (g.f32) {
      const use = productMask32(xi[i]);
      const bits = di[i];
      out[i] = alphaC * d;
      oi[i] = (oi[i] & use) | (bits & ~use);
    } else {
      const lo = di[2 * i];
      const hi = di[2 * i + 1];
      const use = -(v <= 0);
      out[i] = alphaC * d;
      oi[2 * i] = (oi[2 * i] & use) | (lo & ~use);
      oi[2 * i + 1] = (oi[2 * i + 1] & use) | (hi & ~use);
    }
  }
}

/** Bins (float64 numbers holding exact sums) flushed into exact BigInt totals, one per channel, before they could round. */
abstract class Sums {
  protected readonly totals: ExactTotal[];
  protected readonly bins: Float64Array;
  /** Per slot, the lowest and one past the highest bin written since its last flush. */
  protected readonly low: Int32Array;
  protected readonly high: Int32Array;
  private budget: number;

  constructor(
    protected readonly dtype: FloatDType,
    protected readonly channels: number,
    private readonly slots: number,
    protected readonly width: number,
    private readonly limit: number,
  ) {
    this.totals = Array.from({ length: channels }, () => ({ total: 0n, posInf: false, negInf: false, nan: false }));
    this.bins = new Float64Array(slots * width);
    this.low = new Int32Array(slots).fill(width);
    this.high = new Int32Array(slots);
    this.budget = limit;
  }

  /** Adds the product (a double; rounded to the dtype here) of `channel`, kept in bin slot `slot`. */
  abstract add(slot: number, channel: number, product: number): void;

  /** Counts a term; before any bin could round, flushes every slot (each slot's channel: the slot, or `channel` when there is one slot). */
  protected spend(channel: number): void {
    if (--this.budget === 0) {
      for (let s = 0; s < this.slots; s++) this.flush(s, this.slots === 1 ? channel : s);
      this.budget = this.limit;
    }
  }

  protected touch(slot: number, bin: number): void {
    if (bin < this.low[slot]) this.low[slot] = bin;
    if (bin >= this.high[slot]) this.high[slot] = bin + 1;
  }

  /** Adds slot's bins into channel's total and clears them. */
  abstract flush(slot: number, channel: number): void;

  protected special(c: number, term: number): void {
    const t = this.totals[c];
    if (Number.isNaN(term)) t.nan = true;
    else if (term > 0) t.posInf = true;
    else t.negInf = true;
  }

  finish(): AnyTypedArray {
    const result = this.dtype === 'float32' ? new Float32Array(this.channels) : new Float64Array(this.channels);
    for (let c = 0; c < this.channels; c++) result[c] = roundExactSum(this.dtype, this.totals[c]);
    return result;
  }
}

const F32 = new Float32Array(1);
/** One bin per float32 biased exponent (255, Inf and NaN, is never written). */
const BINS32 = 256;
const F32_BITS = new Uint32Array(F32.buffer);

/** float32: bin e (the term's biased exponent) holds the sum of the terms themselves. */
class Sums32 extends Sums {
  constructor(channels: number, slots: number) {
    super('float32', channels, slots, BINS32, 2 ** 29);
  }

  add(slot: number, channel: number, product: number): void {
    F32[0] = product;
    const e = (F32_BITS[0] >>> 23) & 0xff;
    if (e === 0xff) this.special(channel, F32[0]);
    else {
      this.bins[slot * BINS32 + e] += F32[0];
      this.touch(slot, e);
      this.spend(channel);
    }
  }

  flush(slot: number, channel: number): void {
    const { bins } = this;
    const t = this.totals[channel];
    for (let e = this.low[slot]; e < this.high[slot]; e++) {
      const v = bins[slot * BINS32 + e];
      if (v === 0) continue;
      // Bin e's terms are multiples of 2^(max(e,1) - 150): an integer number of that, in units of 2^-149.
      const k = Math.max(e, 1) - 1;
      t.total += BigInt(v * 2 ** (149 - k)) << BigInt(k);
      bins[slot * BINS32 + e] = 0;
    }
    this.low[slot] = BINS32;
    this.high[slot] = 0;
  }
}

const F64 = new Float64Array(1);
const F64_WORDS = new Uint32Array(F64.buffer);
/** Bins for the 2^k weights of float64 significands split at 26 bits: k up to 2045 + 26. */
const BINS64 = 2072;

/** float64: bin k holds integers of weight 2^k units (2^-1074), each term's significand split into bins k + 26 and k. */
class Sums64 extends Sums {
  constructor(channels: number, slots: number) {
    super('float64', channels, slots, BINS64, 2 ** 26);
  }

  add(slot: number, channel: number, term: number): void {
    F64[0] = term;
    const lo = F64_WORDS[0];
    const hi = F64_WORDS[1];
    const e = (hi >>> 20) & 0x7ff;
    if (e === 0x7ff) return this.special(channel, term);
    if (term === 0) return;
    const top = (hi & 0xfffff) | (e === 0 ? 0 : 0x100000); // significand bits 32..52
    const sign = hi >>> 31 ? -1 : 1;
    const k = Math.max(e, 1) - 1;
    const at = slot * BINS64 + k;
    this.bins[at + 26] += sign * (top * 64 + (lo >>> 26));
    this.bins[at] += sign * (lo & 0x3ffffff);
    this.touch(slot, k);
    this.touch(slot, k + 26);
    this.spend(channel);
  }

  flush(slot: number, channel: number): void {
    const { bins } = this;
    const t = this.totals[channel];
    for (let k = this.low[slot]; k < this.high[slot]; k++) {
      const v = bins[slot * BINS64 + k];
      if (v === 0) continue;
      t.total += BigInt(v) << BigInt(k);
      bins[slot * BINS64 + k] = 0;
    }
    this.low[slot] = BINS64;
    this.high[slot] = 0;
  }
}

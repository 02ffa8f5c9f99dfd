/**
 * Exact sums per channel (preluGrad's dalpha, columnSums' columns): float64 bins by exponent, each
 * holding an exact sum, flushed into BigInt totals before any could round, rounded once by core.
 */
import { roundExactSum, type DType, type ExactTotal, type FloatDType } from '@rectify/core';

/** Most float64 bins kept at once (64 MiB): beyond it, channels are summed one at a time. */
export const MAX_BINS = 1 << 23;

/** Bins (float64 numbers holding exact sums) flushed into exact BigInt totals, one per channel, before they could round. */
export abstract class Sums {
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

  /** Adds the product (a double, rounded to float32 here; float16 terms come rounded already) of `channel`, kept in bin slot `slot`. */
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

  /**
   * The sums rounded once to `to` (default: the terms' dtype); float16's come as a Float64Array of
   * binary16 values, which js-backend.ts encodes.
   */
  finish(to: FloatDType = this.dtype): Float32Array | Float64Array {
    const result = to === 'float32' ? new Float32Array(this.channels) : new Float64Array(this.channels);
    for (let c = 0; c < this.channels; c++) result[c] = roundExactSum(to, this.totals[c], this.dtype as DType);
    return result;
  }
}

const F32 = new Float32Array(1);
/** One bin per float32 biased exponent (255, Inf and NaN, is never written). */
export const BINS32 = 256;
const F32_BITS = new Uint32Array(F32.buffer);

/** float32 (and float16, whose terms are float32 values): bin e (the term's biased exponent) holds the sum of the terms themselves. */
export class Sums32 extends Sums {
  constructor(dtype: 'float32' | 'float16', channels: number, slots: number) {
    super(dtype, channels, slots, BINS32, 2 ** 29);
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
export const BINS64 = 2072;

/** float64: bin k holds integers of weight 2^k units (2^-1074), each term's significand split into bins k + 26 and k. */
export class Sums64 extends Sums {
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

/**
 * Benchmark inputs: random numbers with mixed signs (a branchy kernel looks fast on sorted or
 * one-signed data), after a head of special values (NaN payloads, -0, subnormals, infinities) so
 * that checking the output against the oracle catches kernels that lose those bits. Environment-free.
 */
import { allocate, bitView, fromNumbers, intRange, toFloat16Bits, type AnyTypedArray, type DType, type OpDefinition } from '@rectify/core';
import { arraySeed, ensureFloat16, seededRandom, specialValues } from '@rectify/conformance';

export function benchInput(dtype: DType, size: number, seed: number): AnyTypedArray {
  const next = seededRandom(seed);
  if (dtype === 'float16') ensureFloat16();
  const out = allocate(dtype, size);
  const specials = specialValues(dtype);
  const head = Math.min(specials.length, size);
  new Uint8Array(out.buffer).set(new Uint8Array(specials.buffer, 0, head * specials.BYTES_PER_ELEMENT));
  if (dtype === 'float32' || dtype === 'float64') {
    // Uniform in [-12, 12): ordinary normal numbers, half of them negative, in random order.
    for (let i = head; i < size; i++) out[i] = (next() / 2 ** 32) * 24 - 12;
  } else if (dtype === 'float16') {
    const bits = bitView(out);
    for (let i = head; i < size; i++) bits[i] = toFloat16Bits((next() / 2 ** 32) * 24 - 12);
  } else {
    const [min, max] = intRange(dtype);
    const span = max - min + 1;
    for (let i = head; i < size; i++) out[i] = min + (next() % span);
  }
  return out;
}

/**
 * A per-channel parameter of `channels` entries (prelu's alpha): finite, of mixed signs, magnitudes
 * in [0.05, 0.5). Never tiny, so an in-place batch (IN_PLACE_ARITHMETIC_MAX_REPS products in a row)
 * keeps the negatives normal floats.
 */
export function benchAlpha(dtype: DType, channels: number, seed: number): AnyTypedArray {
  // A seed of its own: alpha's signs are not those of x's first elements.
  const next = seededRandom((seed ^ 0x51ed27) >>> 0);
  if (dtype === 'float16') ensureFloat16();
  return fromNumbers(
    dtype,
    Array.from({ length: channels }, () => (next() & 1 ? -1 : 1) * (0.05 + (next() / 2 ** 32) * 0.45)),
  );
}

/**
 * The array arguments of a call of op, in call order: x from the seed, each other array (reluGrad's
 * dy) made the same way from a seed of its own (the conformance suite's arraySeed), so it has mixed
 * signs too, in an order of its own.
 */
export function benchInputs(op: OpDefinition, dtype: DType, size: number, seed: number): AnyTypedArray[] {
  return op.arrays.map((_, k) => benchInput(dtype, size, arraySeed(op, k, seed)));
}

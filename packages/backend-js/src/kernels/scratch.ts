/**
 * Scratch blocks for the float32 kernels. A kernel copies x into a block (a same-type set moves bytes,
 * NaN payloads kept, without touching `x.buffer`, whose first read costs a small array about 1 us),
 * turns the block's words into results, and copies them to out. The blocks are shared by every
 * kernel (calls are synchronous: one runs at a time). Each kernel module copies the views it uses
 * into module constants of its own: V8 folds a module constant's base and length into the loop,
 * where an argument's or an imported binding's are reloaded after every store into typed-array
 * memory; measured here, that is 1.8-2x on leakyRelu.
 */
export const BLOCK_LENGTH = 16384;

/** The first input's chunk, where the results are made. */
export const FIRST_BITS = new Int32Array(BLOCK_LENGTH);
export const FIRST_FLOATS = new Float32Array(FIRST_BITS.buffer);
/** The second input's chunk (x, for the gradients). */
export const SECOND_BITS = new Int32Array(BLOCK_LENGTH);
const SECOND_FLOATS = new Float32Array(SECOND_BITS.buffer);
/** Products, stored as float32 (one rounding) to be read back as bits. */
export const PRODUCT_BITS = new Int32Array(BLOCK_LENGTH);
export const PRODUCT_FLOATS = new Float32Array(PRODUCT_BITS.buffer);

/** The last prefix of the first block made: calls tend to repeat a size, and a view costs tens of nanoseconds. */
let part = FIRST_FLOATS;

/**
 * For each chunk of up to BLOCK_LENGTH elements: x's chunk into the first block (and `second`'s into
 * the second, for two-input ops), `run(m, param)` on the blocks' first m words, then the first
 * block's into out. Both inputs are copied before out is written, so out may be either.
 */
export function throughScratch(x: Float32Array, out: Float32Array, run: (m: number, param: number) => void, param = 0, second?: Float32Array): void {
  const n = x.length;
  for (let i = 0; i < n; i += BLOCK_LENGTH) {
    const m = Math.min(BLOCK_LENGTH, n - i);
    FIRST_FLOATS.set(m === n ? x : x.subarray(i, i + m));
    if (second) SECOND_FLOATS.set(m === n ? second : second.subarray(i, i + m));
    run(m, param);
    if (part.length !== m) part = FIRST_FLOATS.subarray(0, m);
    out.set(part, i);
  }
}

/**
 * Scratch blocks for float32 kernels. A kernel copies x into a block (a same-type set moves bytes,
 * NaN payloads kept, without touching `x.buffer`, whose first read costs a small array about 1 us),
 * turns the block's words into results, and copies them to out. Each kernel module keeps its own
 * blocks' views in module constants: V8 folds a module constant's base and length into the loop,
 * where an argument's (or an imported binding's) are reloaded after every store into typed-array
 * memory; measured here, that is 1.8-2x on leakyRelu.
 */
export const BLOCK_LENGTH = 16384;

export class ScratchBlock {
  readonly words = new Int32Array(BLOCK_LENGTH);
  readonly floats = new Float32Array(this.words.buffer);
  /** The last prefix made: calls tend to repeat a size, and a view costs tens of nanoseconds. */
  private part = this.floats;

  /**
   * For each chunk of up to BLOCK_LENGTH elements: x's chunk into this block (and `second`'s into
   * `also`, for two-input ops), `run(m, param)` on the block's first m words, then those into out.
   */
  pass(x: Float32Array, out: Float32Array, run: (m: number, param: number) => void, param = 0, second?: Float32Array, also?: ScratchBlock): void {
    const n = x.length;
    for (let i = 0; i < n; i += BLOCK_LENGTH) {
      const m = Math.min(BLOCK_LENGTH, n - i);
      this.floats.set(m === n ? x : x.subarray(i, i + m));
      if (second) also!.floats.set(m === n ? second : second.subarray(i, i + m));
      run(m, param);
      out.set(this.prefix(m), i);
    }
  }

  private prefix(m: number): Float32Array {
    if (this.part.length !== m) this.part = this.floats.subarray(0, m);
    return this.part;
  }
}

import { FLOAT_DTYPES, dtypeOf, fromNumbers, roundToDType, valuesOf, type AnyTypedArray, type FloatDType } from '../dtypes.js';
import { exactUnits, roundExactSum, type ExactTotal } from '../exact-sum.js';
import { ALPHA_PARAMS, channelAt, channelCases, channelInvalid, checkChannels, copyAlpha, type ChannelArray, type PreluOptions } from './channels.js';
import { elementwise } from './elementwise.js';
import { defineOp, type CallStyle, type Gradients, type Returns } from './define.js';

export interface PreluGradCall<S extends CallStyle> {
  /**
   * prelu's gradients: dx = x > 0 ? dy : alpha[c] * dy (a NaN x passes dy; into out when given), and
   * dalpha[c] = the exact sum over channel c where x <= 0 of dy * x (each product rounded), rounded once.
   */
  preluGrad<T extends S['array']>(dy: T, x: T, alpha: ChannelArray<T>, options?: PreluOptions, out?: T): Returns<S, Gradients<T, ChannelArray<T>>>;
}

export const preluGrad = defineOp({
  name: 'preluGrad',
  doc: 'prelu\'s gradients { dx, dalpha }: dx as leakyReluGrad per channel, dalpha the exact per-channel sum of dy * x where x <= 0',
  arrays: ['dy', 'x'],
  params: ALPHA_PARAMS,
  result: 'gradients',
  dtypes: FLOAT_DTYPES,
  arithmetic: true,
  checkParams: (dtype, length, [alpha, options]) => checkChannels(dtype, length, alpha, options),
  perChannel: copyAlpha,
  oracle: ([dy, x], [channels, inner], alpha) => {
    const dtype = dtypeOf(x) as FloatDType;
    const a = valuesOf(alpha!);
    const g = valuesOf(dy as AnyTypedArray);
    const v = valuesOf(x as AnyTypedArray);
    const dx = elementwise(
      x as AnyTypedArray,
      (xi, i) => (xi > 0 || Number.isNaN(xi) ? 'keep' : roundToDType(dtype, a[channelAt(i, channels, inner)] * g[i])),
      dy as AnyTypedArray,
    );
    const sums: ExactTotal[] = Array.from({ length: a.length }, () => ({ total: 0n, posInf: false, negInf: false, nan: false }));
    for (let i = 0; i < v.length; i++) {
      if (!(v[i] <= 0)) continue;
      const term = roundToDType(dtype, g[i] * v[i]);
      const s = sums[channelAt(i, channels, inner)];
      if (Number.isNaN(term)) s.nan = true;
      else if (term === Infinity) s.posInf = true;
      else if (term === -Infinity) s.negInf = true;
      else s.total += exactUnits(dtype, term);
    }
    const dalpha = fromNumbers(dtype, sums.map((s) => roundExactSum(dtype, s)), alpha);
    return { dx, dalpha };
  },
  cases: channelCases,
  invalid: channelInvalid,
});

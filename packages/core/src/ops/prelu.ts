import { FLOAT_DTYPES, dtypeOf, roundToDType, valuesOf, type AnyTypedArray, type FloatDType } from '../dtypes.js';
import { ALPHA_PARAMS, channelAt, channelCases, channelInvalid, checkChannels, copyAlpha, type ChannelArray, type PreluOptions } from './channels.js';
import { elementwise } from './elementwise.js';
import { defineOp, type CallStyle, type Returns } from './define.js';

export interface PreluCall<S extends CallStyle> {
  /** `x < 0 ? alpha[c] * x : x` with c the element's channel (options: x's shape and channel axis; default channels last). */
  prelu<T extends S['array']>(x: T, alpha: ChannelArray<T>, options?: PreluOptions, out?: T): Returns<S, T>;
}

export const prelu = defineOp({
  name: 'prelu',
  doc: 'x < 0 ? alpha[c] * x : x, one alpha per channel c (or one for all); the product rounded once',
  arrays: ['x'],
  params: ALPHA_PARAMS,
  result: 'array',
  dtypes: FLOAT_DTYPES,
  arithmetic: true,
  checkParams: (dtype, length, [alpha, options]) => checkChannels(dtype, length, alpha, options),
  perChannel: copyAlpha,
  // As leakyRelu: the double product of two float32 values is exact, so rounding it once is correct.
  oracle: ([x], [channels, inner], alpha) => {
    const dtype = dtypeOf(x) as FloatDType;
    const a = valuesOf(alpha!);
    return elementwise(x as AnyTypedArray, (v, i) => (v < 0 ? roundToDType(dtype, a[channelAt(i, channels, inner)] * v) : 'keep'));
  },
  cases: channelCases,
  invalid: channelInvalid,
});

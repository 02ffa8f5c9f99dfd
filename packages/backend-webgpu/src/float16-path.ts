/**
 * How float16 products run on a device (Dispatcher.float16Path): in WGSL's f16 arithmetic only where
 * the device has shader-f16 and a probe gives exactly the contract's bits (products with subnormal
 * results, ties to even among them, a subnormal operand and alpha, overflow; NaNs and -0 passed
 * untouched); else, and when the device rejects the f16 kernel, in integer arithmetic on u32 words
 * holding two halves, which is exact everywhere.
 */
import { BackendInternalError, fromFloat16Bits, toFloat16Bits } from '@rectify/core';
import type { DeviceState } from './device-state.js';
import type { Float16Path } from './dispatch.js';
import { paramBits } from './kernels/index.js';

/** leakyRelu calls of the probe: [alpha, x bits]. x * 0.5 rounds subnormals (ties to even) and NaNs, -0 and +1 pass; x * 3 takes subnormal x to normals and overflows; 2^-24 is a subnormal alpha. */
const PROBE: readonly (readonly [number, readonly number[]])[] = [
  [0.5, [0x8001, 0x8003, 0x8005, 0x8400, 0x87ff, 0xbc00, 0xfbff, 0x7e12, 0xfc01, 0xfe00, 0x8000, 0x3c00]],
  [3, [0x83ff, 0x8001, 0xfbff, 0xfc00, 0xc000]],
  [2 ** -24, [0xbc00, 0xc500, 0xfbff, 0xb800, 0x8400]],
];

/** leakyRelu's rule on one binary16 pattern. */
function leaky(h: number, alpha: number): number {
  const negative = h > 0x8000 && h <= 0xfc00;
  return negative ? toFloat16Bits(alpha * fromFloat16Bits(h)) : h;
}

/** Runs the probe where the device has shader-f16 and sets the dispatcher's float16Path by its verdict. */
export async function chooseFloat16Path(g: DeviceState): Promise<Float16Path> {
  g.dispatch.float16Path = (await f16IsExact(g)) ? 'shader-f16' : 'u32-pairs';
  return g.dispatch.float16Path;
}

async function f16IsExact(g: DeviceState): Promise<boolean> {
  if (!g.device.features.has('shader-f16')) return false;
  try {
    for (const [alpha, xs] of PROBE) {
      const got = await leakyReluF16(g, Uint16Array.from(xs), alpha);
      if (xs.some((h, i) => got[i] !== leaky(h, alpha))) return false;
    }
    return true;
  } catch (e) {
    // A device that lists shader-f16 but rejects the kernel: the integer path still runs there.
    if (e instanceof BackendInternalError) return false;
    throw e;
  }
}

/** leakyRelu on float16 bits in f16 arithmetic, whatever the dispatcher's path (calls may run meanwhile). */
async function leakyReluF16(g: DeviceState, x: Uint16Array, alpha: number): Promise<Uint16Array> {
  const bytes = g.dispatch.bufferBytes(x.length, 'float16');
  let staging: GPUBuffer | undefined;
  await g.session.submit((r) => {
    const buffer = r.temp(bytes);
    g.transfers.write(buffer, x);
    g.dispatch.elementwise(r, 'leakyRelu', 'float16', [buffer], buffer, x.length, paramBits('float16', alpha), undefined, 'shader-f16');
    staging = g.transfers.stage(r, buffer, bytes);
  });
  const got = new Uint16Array(x.length);
  await g.transfers.readInto(staging!, got, x.byteLength);
  return got;
}

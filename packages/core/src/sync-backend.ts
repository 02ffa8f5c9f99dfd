import type { ActivationBackend, ActivationStats, Capabilities, SyncOps } from './backend.js';
import type { AnyTypedArray } from './dtypes.js';

/**
 * Base class for CPU backends that compute synchronously: the Promise API runs the `sync` twin, so a
 * bad argument rejects the Promise (never throws from the call) and both APIs behave alike.
 */
export abstract class SyncBackend implements ActivationBackend {
  abstract readonly name: string;
  abstract readonly capabilities: Capabilities;
  abstract readonly sync: SyncOps;
  abstract dispose(): void | Promise<void>;

  async relu<T extends AnyTypedArray>(x: T, out?: T): Promise<T> {
    return this.sync.relu(x, out);
  }
  async clippedRelu<T extends AnyTypedArray>(x: T, ceiling?: number, out?: T): Promise<T> {
    return this.sync.clippedRelu(x, ceiling, out);
  }
  async leakyRelu<T extends AnyTypedArray>(x: T, alpha?: number, out?: T): Promise<T> {
    return this.sync.leakyRelu(x, alpha, out);
  }
  async reluGrad<T extends AnyTypedArray>(dy: T, x: T, out?: T): Promise<T> {
    return this.sync.reluGrad(dy, x, out);
  }
  async stats(x: AnyTypedArray): Promise<ActivationStats> {
    return this.sync.stats(x);
  }
  async deadUnits(x: AnyTypedArray, rows: number, cols: number): Promise<Uint32Array> {
    return this.sync.deadUnits(x, rows, cols);
  }
}

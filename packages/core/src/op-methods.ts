import type { OpDefinition } from './ops/define.js';
import { OPS, type OpName } from './ops/index.js';

/**
 * Puts one method per op of the table on a backend class's prototype, each `call(this, op, args)`:
 * how a backend gets every op, present and future, without listing them. Pass an async `call` for
 * a Promise API whose bad calls reject rather than throw.
 */
export function installOpMethods<T>(prototype: T, call: (self: T, op: OpDefinition<OpName>, args: unknown[]) => unknown): void {
  for (const op of OPS) {
    Object.defineProperty(prototype, op.name, {
      value(this: T, ...args: unknown[]) {
        return call(this, op, args);
      },
      writable: true,
      configurable: true,
    });
  }
}

import type { ActivationBackend, Capabilities, SyncOps } from './backend.js';
import { prepareCall, typedArrayInspector, type ArrayInspector, type PreparedCall } from './call.js';
import type { AsyncStyle } from './ops/define.js';
import { installOpMethods } from './op-methods.js';
import { OPS, type OpCalls } from './ops/index.js';

// The Promise methods are installed on the prototype from the op table below.
export interface SyncBackend extends OpCalls<AsyncStyle> {}

/**
 * Base class for CPU backends that compute synchronously. A subclass gives `execute` (run one
 * checked call) and `assertUsable`; this class gives every op of the table as a `sync` twin that
 * checks its arguments with core's prepareCall, and as a Promise method that runs the twin, so a bad
 * argument rejects the Promise (never throws from the call) and both APIs behave alike.
 */
export abstract class SyncBackend implements ActivationBackend {
  abstract readonly name: string;
  abstract readonly capabilities: Capabilities;
  readonly sync: SyncOps;

  constructor() {
    const sync: Record<string, (...args: unknown[]) => unknown> = {};
    for (const op of OPS) {
      sync[op.name] = (...args) => {
        this.assertUsable();
        return this.execute(prepareCall(this, op, args, this.inspect));
      };
    }
    this.sync = sync as unknown as SyncOps;
  }

  abstract dispose(): void | Promise<void>;

  /** Throws BackendDisposedError (or the like) when the backend can no longer run calls. */
  protected abstract assertUsable(): void;

  /** Runs one checked call and returns its result (for 'array' ops: out, or a new array). */
  protected abstract execute(call: PreparedCall): unknown;

  /** How array arguments are told apart; backends with arrays of their own override it. */
  protected inspect: ArrayInspector = typedArrayInspector;
}

installOpMethods(SyncBackend.prototype, async (self, op, args) => (self.sync as unknown as Record<string, (...a: unknown[]) => unknown>)[op.name](...args));

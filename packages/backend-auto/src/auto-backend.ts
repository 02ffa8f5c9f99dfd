import {
  BackendDisposedError,
  BackendUnavailableError,
  DTYPES,
  InvalidParameterError,
  OPS,
  installOpMethods,
  opDefinition,
  perOp,
  type ActivationBackend,
  type AnyTypedArray,
  type AsyncStyle,
  type Capabilities,
  type DType,
  type OpCalls,
  type OpDefinition,
  type OpName,
  type SyncOps,
} from '@rectify/core';
import type { LeftOut } from './candidates.js';
import { Router, type Route, type Routed } from './route.js';
import type { RoutingTable } from './routing-table.js';

/** A candidate with arrays in memory of its own (wasm). */
interface HeapOwner {
  alloc(dtype: DType, length: number): AnyTypedArray;
  free(view: AnyTypedArray): void;
  refresh(view: AnyTypedArray): AnyTypedArray;
}

export interface AutoParts {
  candidates: ActivationBackend[];
  owned: Set<ActivationBackend>;
  leftOut: LeftOut[];
  table: RoutingTable;
  /** 'calibrated in N ms' or 'routes from options'. */
  tableSource: string;
}

/** The (op, dtype) pairs any of the candidates does. */
function opsOf(candidates: readonly ActivationBackend[]): Capabilities['ops'] {
  return Object.freeze(perOp((op) => DTYPES.filter((d) => candidates.some((c) => (c.capabilities.ops[op.name] ?? []).includes(d)))));
}

/** The candidates with synchronous twins, when together they do every (op, dtype) of all of them (else none: sync would lack calls). */
function syncCandidates(candidates: readonly ActivationBackend[]): ActivationBackend[] {
  const sync = candidates.filter((c) => c.capabilities.sync && c.sync !== undefined);
  return JSON.stringify(opsOf(sync)) === JSON.stringify(opsOf(candidates)) ? sync : [];
}

/** What the candidates can do together: an (op, dtype) any of them does, its largest length, flushing if any flushes. */
function unionOf(candidates: readonly ActivationBackend[]): Capabilities {
  const caps = candidates.map((c) => c.capabilities);
  return Object.freeze({
    ops: opsOf(candidates),
    flushesSubnormals: caps.some((c) => c.flushesSubnormals),
    // Plain arrays stay on the CPU whenever a CPU candidate can take the call.
    deviceBacked: caps.every((c) => c.deviceBacked),
    sync: syncCandidates(candidates).length > 0,
    residentArrays: caps.some((c) => c.residentArrays),
    maxLength: Math.max(...caps.map((c) => c.maxLength)),
  });
}

// The op methods are installed on the prototype from core's op table (the static block below).
export interface AutoBackend extends OpCalls<AsyncStyle> {}

/**
 * Routes each call to one of its candidate backends (see route.ts): a call on a backend's own arrays
 * to that backend, any other to the fastest candidate for its op family, dtype and size.
 */
export class AutoBackend implements ActivationBackend {
  static {
    installOpMethods(AutoBackend.prototype, async (self, op, args) => self.run(op, args));
  }

  readonly name = 'auto';
  readonly capabilities: Capabilities;
  /** The backends calls are routed to, most preferred first. */
  readonly candidates: readonly ActivationBackend[];
  /** Backends that were not used, and why (not available, failed to initialise, not asked for). */
  readonly leftOut: readonly LeftOut[];
  /** The calibration figures routing uses; save it and pass it as `options.routes` to skip calibration. */
  readonly routingTable: RoutingTable;
  /** Which backend ran the last call that passed the checks, and why. */
  lastRoute: Route | undefined;
  /**
   * Synchronous twins of every op, where the synchronous candidates (js, wasm) do all the others do:
   * they route among those candidates only (a GpuArray needs the Promise API).
   */
  readonly sync?: SyncOps;
  private readonly owned: Set<ActivationBackend>;
  private readonly tableSource: string;
  private readonly router: Router;
  private disposed = false;

  constructor(parts: AutoParts) {
    this.candidates = Object.freeze([...parts.candidates]);
    this.owned = parts.owned;
    this.leftOut = Object.freeze([...parts.leftOut]);
    this.routingTable = parts.table;
    this.tableSource = parts.tableSource;
    this.capabilities = unionOf(this.candidates);
    this.router = new Router(this, this.candidates, this.routingTable);
    const sync = syncCandidates(this.candidates);
    if (sync.length > 0) {
      const router = new Router(this, sync, this.routingTable);
      const twins: Record<string, (...args: unknown[]) => unknown> = {};
      for (const op of OPS) {
        // The last call's first array when its owner took the call (a resident route): the same array
        // again needs one residency check, where the search over positions and owners cost as much as
        // a fifth of a small resident call. The answer is the same: the first array is checked first.
        let first: unknown;
        let owned: Routed | undefined;
        twins[op.name] = (...args) => {
          this.alive();
          let routed: Routed;
          if (owned !== undefined && args[0] === first && owned.target.isResident!(first)) routed = owned;
          else {
            // A call shape seen before goes straight to its backend, which checks it: one check, not two.
            routed = router.known(op, args) ?? router.route(op, args);
            const owner = routed.route.reason === 'resident' && routed.target.isResident!(args[0]);
            first = owner ? args[0] : undefined;
            owned = owner ? routed : undefined;
          }
          const result = routed.twin!(...args);
          this.lastRoute = routed.route;
          return result;
        };
      }
      this.sync = twins as unknown as SyncOps;
    }
  }

  /**
   * A typed array in the first candidate's own memory that has one (wasm's heap): calls on it stay
   * there and run in place. free() and refresh() go to the same candidate.
   */
  alloc(dtype: DType, length: number): AnyTypedArray {
    return this.heapOwner().alloc(dtype, length);
  }

  free(view: AnyTypedArray): void {
    this.heapOwner().free(view);
  }

  /** A new view of the same memory for a view that heap growth detached. */
  refresh(view: AnyTypedArray): AnyTypedArray {
    return this.heapOwner().refresh(view);
  }

  private heapOwner(): HeapOwner {
    this.alive();
    const owner = this.candidates.find((c) => typeof (c as Partial<HeapOwner>).alloc === 'function');
    if (!owner) throw new BackendUnavailableError(`${this.name} alloc()`, `no candidate has memory of its own (wasm has); the candidates are ${this.candidates.map((c) => c.name).join(', ')}`);
    return owner as unknown as HeapOwner;
  }

  /** The candidate of that name (to allocate resident arrays on it: wasm's alloc(), webgpu's upload()). */
  backend(name: string): ActivationBackend | undefined {
    return this.candidates.find((c) => c.name === name);
  }

  /** True when `value` is resident on one of the candidates. */
  isResident(value: unknown): boolean {
    return this.candidates.some((c) => c.isResident?.(value) === true);
  }

  /** Where `backend[op](...args)` would run, and why; throws the call's typed error for a bad call. */
  route(op: OpName, ...args: unknown[]): Route {
    this.alive();
    return this.router.route(definition(op), args).route;
  }

  /** A readable account: candidates, what was left out and why, the calibration figures, the last route. */
  explain(): string {
    const lines = [`auto backend over ${this.candidates.map((c) => c.name).join(', ') || '(none)'}; routing table ${this.tableSource}`];
    for (const l of this.leftOut) lines.push(`left out ${l.name}: ${l.reason}`);
    for (const m of this.routingTable.measurements) {
      lines.push(`  ${m.family} ${m.dtype} × ${m.length}: ${Object.entries(m.micros).map(([n, us]) => `${n} ${us} µs`).join(', ')}`);
    }
    for (const note of this.routingTable.notes ?? []) lines.push(`  ${note}`);
    const r = this.lastRoute;
    lines.push(r ? `last call: ${r.op}${r.dtype ? ` ${r.dtype} × ${r.length}` : ''} ran on ${r.backend} (${r.reason}): ${r.why}` : 'last call: none yet');
    return lines.join('\n');
  }

  /** Disposes the candidates this backend created; ones passed in options.backends stay the caller's. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const c of this.owned) await c.dispose();
  }

  private run(op: OpDefinition<OpName>, args: unknown[]): Promise<unknown> {
    this.alive();
    const { target, route } = this.router.route(op, args);
    this.lastRoute = route;
    // No await before this: per-channel parameters are read by the candidate as the call is made.
    return (target as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[op.name](...args);
  }

  private alive(): void {
    if (this.disposed) throw new BackendDisposedError(this.name);
  }
}

function definition(name: string): OpDefinition<OpName> {
  const op = opDefinition(name);
  if (!op) throw new InvalidParameterError(`route() takes an op of @rectify/core, got ${String(name)}.`);
  return op;
}

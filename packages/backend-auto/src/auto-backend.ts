import {
  BackendDisposedError,
  DTYPES,
  InvalidParameterError,
  OPS,
  opDefinition,
  perOp,
  type ActivationBackend,
  type AsyncStyle,
  type Capabilities,
  type OpCalls,
  type OpDefinition,
  type OpName,
} from '@rectify/core';
import type { LeftOut } from './candidates.js';
import { routeCall, type Route } from './route.js';
import type { RoutingTable } from './routing-table.js';

export interface AutoParts {
  candidates: ActivationBackend[];
  owned: Set<ActivationBackend>;
  leftOut: LeftOut[];
  table: RoutingTable;
  /** 'calibrated in N ms' or 'routes from options'. */
  tableSource: string;
}

/** What the candidates can do together: an (op, dtype) any of them does, its largest length, flushing if any flushes. */
function unionOf(candidates: readonly ActivationBackend[]): Capabilities {
  const caps = candidates.map((c) => c.capabilities);
  return Object.freeze({
    ops: Object.freeze(perOp((op) => DTYPES.filter((d) => caps.some((c) => (c.ops[op.name] ?? []).includes(d))))),
    flushesSubnormals: caps.some((c) => c.flushesSubnormals),
    // Plain arrays stay on the CPU whenever a CPU candidate can take the call.
    deviceBacked: caps.every((c) => c.deviceBacked),
    sync: false,
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
    for (const op of OPS) {
      Object.defineProperty(AutoBackend.prototype, op.name, {
        async value(this: AutoBackend, ...args: unknown[]) {
          return this.run(op, args);
        },
        writable: true,
        configurable: true,
      });
    }
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
  private readonly owned: Set<ActivationBackend>;
  private readonly tableSource: string;
  private disposed = false;

  constructor(parts: AutoParts) {
    this.candidates = Object.freeze([...parts.candidates]);
    this.owned = parts.owned;
    this.leftOut = Object.freeze([...parts.leftOut]);
    this.routingTable = parts.table;
    this.tableSource = parts.tableSource;
    this.capabilities = unionOf(this.candidates);
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
    return routeCall(this, this.candidates, this.routingTable, definition(op), args).route;
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
    const { target, route } = routeCall(this, this.candidates, this.routingTable, op, args);
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

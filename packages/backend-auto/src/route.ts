/** Which candidate runs a call, and why: residency first, then the calibrated size classes. */
import { dtypeOf, outIndex, prepareCall, xIndex, type ActivationBackend, type BackendInfo, type DType, type OpDefinition, type OpName } from '@rectify/core';
import { chooseBySize, familyOf, type Measurement, type RoutingTable } from './routing-table.js';

export type RouteReason = 'resident' | 'size' | 'only' | 'uncalibrated';

export interface Route {
  op: string;
  dtype: DType | undefined;
  length: number | undefined;
  /** The name of the backend that runs (or would run) the call. */
  backend: string;
  reason: RouteReason;
  /** One line for people: what decided it. */
  why: string;
  /** The calibration figures at the size the call was matched to (reason 'size'). */
  figures?: Measurement;
}

export interface Routed {
  route: Route;
  target: ActivationBackend;
  /** The target's synchronous twin of the op, if it has one: looked up once here, not by name on every call. */
  twin: ((...args: unknown[]) => unknown) | undefined;
}

function routedTo(target: ActivationBackend, op: OpDefinition<OpName>, route: Route): Routed {
  const twin = (target.sync as unknown as Record<string, (...args: unknown[]) => unknown> | undefined)?.[op.name];
  return { target, route, twin };
}

/** A candidate that may own a call's arrays, with the route a call on them takes. */
interface Owner {
  backend: ActivationBackend;
  routed: Routed;
}

/** Where an op's arrays sit in a call (out included), and the candidates that can own them and have the op. */
interface OwnersOf {
  positions: readonly number[];
  owners: readonly Owner[];
}

function residentRoute(owner: ActivationBackend, op: OpDefinition<OpName>): Routed {
  const why = `an argument is ${owner.name}'s own array (resident), so it stays with ${owner.name}`;
  return routedTo(owner, op, { op: op.name, dtype: undefined, length: undefined, backend: owner.name, reason: 'resident', why });
}

/**
 * Routes calls among a list of candidates, keeping what it decided: per op, who may own its arrays,
 * and the choice for each (dtype, length) up to 1024 shapes (then it starts over), so a repeated call
 * skips the choosing. Everything a call needs is found from the op object, not a string key: a
 * small call on resident arrays is a few hundred nanoseconds in all, and lookups showed.
 */
export class Router {
  private readonly owners = new Map<OpDefinition, OwnersOf>();
  private readonly chosen = new Map<OpDefinition, Map<DType, Map<number, Routed>>>();
  private size = 0;

  constructor(
    private readonly self: BackendInfo,
    readonly candidates: readonly ActivationBackend[],
    private readonly table: RoutingTable,
  ) {}

  /**
   * Routes one call. A call on a backend's own arrays goes to that backend, which checks it (its errors
   * are the ones a caller of that backend gets). Any other call is checked here first with core's
   * prepareCall, so a bad call fails before any candidate sees it, exactly as on every backend.
   */
  route(op: OpDefinition<OpName>, args: ArrayLike<unknown>): Routed {
    const resident = this.resident(op, args);
    if (resident) return resident;
    const { dtype, length } = prepareCall(this.self, op, args);
    let routed = this.get(op, dtype, length);
    if (!routed) {
      routed = choose(this.candidates, this.table, op, dtype, length);
      this.set(op, dtype, length, routed);
    }
    return routed;
  }

  /**
   * A call's route, without checking the call, when it is on a candidate's own arrays or one was chosen
   * for its shape before: for a caller that lets the chosen backend check it (the sync twins, which record
   * the route only once the call returns). Undefined otherwise: use route().
   */
  known(op: OpDefinition<OpName>, args: ArrayLike<unknown>): Routed | undefined {
    const resident = this.resident(op, args);
    if (resident) return resident;
    const x = args[xIndex(op)] as { length: number } | undefined;
    const dtype = dtypeOf(x);
    return dtype === undefined ? undefined : this.get(op, dtype, x!.length);
  }

  /**
   * The route to the candidate whose own memory holds one of the call's arrays (out included), if
   * any has the op: a wasm-heap view is a plain typed array to the others, so an op wasm lacks runs elsewhere.
   */
  private resident(op: OpDefinition<OpName>, args: ArrayLike<unknown>): Routed | undefined {
    const { positions, owners } = this.ownersOf(op);
    if (owners.length === 0) return undefined;
    for (const k of positions) {
      const v = args[k];
      if (v === null || typeof v !== 'object') continue;
      for (const o of owners) if (o.backend.isResident!(v)) return o.routed;
    }
    return undefined;
  }

  private ownersOf(op: OpDefinition<OpName>): OwnersOf {
    let found = this.owners.get(op);
    if (!found) {
      const positions = op.arrays.map((_, k) => k);
      if (outIndex(op) >= 0) positions.push(outIndex(op));
      const owners = this.candidates
        .filter((c) => typeof c.isResident === 'function' && (c.capabilities.ops[op.name] ?? []).length > 0)
        .map((backend) => ({ backend, routed: residentRoute(backend, op) }));
      this.owners.set(op, (found = { positions, owners }));
    }
    return found;
  }

  private get(op: OpDefinition, dtype: DType, length: number): Routed | undefined {
    return this.chosen.get(op)?.get(dtype)?.get(length);
  }

  private set(op: OpDefinition, dtype: DType, length: number, routed: Routed): void {
    if (this.size >= 1024) {
      this.chosen.clear();
      this.size = 0;
    }
    let byDType = this.chosen.get(op);
    if (!byDType) this.chosen.set(op, (byDType = new Map()));
    let lengths = byDType.get(dtype);
    if (!lengths) byDType.set(dtype, (lengths = new Map()));
    lengths.set(length, routed);
    this.size++;
  }
}

function choose(candidates: readonly ActivationBackend[], table: RoutingTable, op: OpDefinition<OpName>, dtype: DType, length: number): Routed {
  const able = candidates.filter((c) => (c.capabilities.ops[op.name as keyof typeof c.capabilities.ops] ?? []).includes(dtype));
  const fits = able.filter((c) => c.capabilities.maxLength >= length);
  // A plain array on a device-backed candidate pays a copy each way: only when no CPU candidate can.
  const onCpu = fits.filter((c) => !c.capabilities.deviceBacked);
  const pool = onCpu.length ? onCpu : fits.length ? fits : able;
  const base = { op: op.name, dtype, length };
  if (pool.length === 1) {
    return routedTo(pool[0], op, { ...base, backend: pool[0].name, reason: 'only', why: `${pool[0].name} is the only candidate for ${op.name} on ${dtype} arrays of ${length}` });
  }
  const choice = chooseBySize(table, familyOf(op), dtype, length, pool.map((c) => c.name));
  if (choice) {
    const target = pool.find((c) => c.name === choice.backend)!;
    const figures = Object.entries(choice.nearest.micros).map(([name, us]) => `${name} ${us} µs`).join(', ');
    const why = `size class ~${choice.nearest.length} (${familyOf(op)} ${dtype}): ${figures}; ${target.name} is fastest`;
    return routedTo(target, op, { ...base, backend: target.name, reason: 'size', why, figures: choice.nearest });
  }
  return routedTo(pool[0], op, { ...base, backend: pool[0].name, reason: 'uncalibrated', why: `no calibration figures for ${familyOf(op)} ${dtype}: the most preferred candidate` });
}

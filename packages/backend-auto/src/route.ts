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
}

/**
 * The candidate whose own memory holds one of the call's arrays (out included), if any, and if it has
 * the op: a wasm-heap view is a plain typed array to the others, so an op wasm lacks runs elsewhere.
 */
function residentOwner(candidates: readonly ActivationBackend[], op: OpDefinition, args: ArrayLike<unknown>): ActivationBackend | undefined {
  const out = outIndex(op);
  for (let k = 0; k < args.length; k++) {
    if (k >= op.arrays.length && k !== out) continue;
    const v = args[k];
    if (v === null || typeof v !== 'object') continue;
    for (const c of candidates) if (c.isResident?.(v) && (c.capabilities.ops[op.name as OpName] ?? []).length > 0) return c;
  }
  return undefined;
}

/**
 * Routes one call. A call on a backend's own arrays goes to that backend, which checks it (its errors
 * are the ones a caller of that backend gets). Any other call is checked here first with core's
 * prepareCall, so a bad call fails before any candidate sees it, exactly as on every backend.
 */
export function routeCall(
  self: BackendInfo,
  candidates: readonly ActivationBackend[],
  table: RoutingTable,
  op: OpDefinition<OpName>,
  args: ArrayLike<unknown>,
  cache?: RouteCache,
): Routed {
  const owner = residentOwner(candidates, op, args);
  if (owner) return cache?.resident(owner, op) ?? residentRoute(owner, op);
  const { dtype, length } = prepareCall(self, op, args);
  const routed = cache?.get(op.name, dtype, length) ?? choose(candidates, table, op, dtype, length);
  cache?.set(op.name, dtype, length, routed);
  return routed;
}

function residentRoute(owner: ActivationBackend, op: OpDefinition<OpName>): Routed {
  const why = `an argument is ${owner.name}'s own array (resident), so it stays with ${owner.name}`;
  return { target: owner, route: { op: op.name, dtype: undefined, length: undefined, backend: owner.name, reason: 'resident', why } };
}

/**
 * Choices already made, by op, dtype and length (up to 1024, then it starts over): the same call
 * shape gets the same choice, so a repeated call skips the choosing.
 */
export class RouteCache {
  private readonly byKey = new Map<string, Map<number, Routed>>();
  private readonly residents = new Map<ActivationBackend, Map<string, Routed>>();
  private size = 0;

  /** The route of a call on `owner`'s own arrays. */
  resident(owner: ActivationBackend, op: OpDefinition<OpName>): Routed {
    let byOp = this.residents.get(owner);
    if (!byOp) this.residents.set(owner, (byOp = new Map()));
    let routed = byOp.get(op.name);
    if (!routed) byOp.set(op.name, (routed = residentRoute(owner, op)));
    return routed;
  }

  get(op: string, dtype: DType, length: number): Routed | undefined {
    return this.byKey.get(op + dtype)?.get(length);
  }

  set(op: string, dtype: DType, length: number, routed: Routed): void {
    if (this.get(op, dtype, length) === routed) return;
    if (this.size >= 1024) {
      this.byKey.clear();
      this.size = 0;
    }
    const key = op + dtype;
    let lengths = this.byKey.get(key);
    if (!lengths) this.byKey.set(key, (lengths = new Map()));
    lengths.set(length, routed);
    this.size++;
  }
}

/**
 * A call's route, without checking the call, when it is on a candidate's own arrays or one was chosen
 * for its shape before: for a caller that lets the chosen backend check it (the sync twins, which record
 * the route only once the call returns). Undefined otherwise: route it with routeCall.
 */
export function knownRoute(candidates: readonly ActivationBackend[], cache: RouteCache, op: OpDefinition<OpName>, args: ArrayLike<unknown>): Routed | undefined {
  const owner = residentOwner(candidates, op, args);
  if (owner) return cache.resident(owner, op);
  const x = args[xIndex(op)] as { length: number } | undefined;
  const dtype = dtypeOf(x);
  return dtype === undefined ? undefined : cache.get(op.name, dtype, x!.length);
}

function choose(candidates: readonly ActivationBackend[], table: RoutingTable, op: OpDefinition<OpName>, dtype: DType, length: number): Routed {
  const able = candidates.filter((c) => (c.capabilities.ops[op.name as keyof typeof c.capabilities.ops] ?? []).includes(dtype));
  const fits = able.filter((c) => c.capabilities.maxLength >= length);
  // A plain array on a device-backed candidate pays a copy each way: only when no CPU candidate can.
  const onCpu = fits.filter((c) => !c.capabilities.deviceBacked);
  const pool = onCpu.length ? onCpu : fits.length ? fits : able;
  const base = { op: op.name, dtype, length };
  if (pool.length === 1) {
    return { target: pool[0], route: { ...base, backend: pool[0].name, reason: 'only', why: `${pool[0].name} is the only candidate for ${op.name} on ${dtype} arrays of ${length}` } };
  }
  const choice = chooseBySize(table, familyOf(op), dtype, length, pool.map((c) => c.name));
  if (choice) {
    const target = pool.find((c) => c.name === choice.backend)!;
    const figures = Object.entries(choice.nearest.micros).map(([name, us]) => `${name} ${us} µs`).join(', ');
    const why = `size class ~${choice.nearest.length} (${familyOf(op)} ${dtype}): ${figures}; ${target.name} is fastest`;
    return { target, route: { ...base, backend: target.name, reason: 'size', why, figures: choice.nearest } };
  }
  return { target: pool[0], route: { ...base, backend: pool[0].name, reason: 'uncalibrated', why: `no calibration figures for ${familyOf(op)} ${dtype}: the most preferred candidate` } };
}

import { BackendUnavailableError, InvalidParameterError, type ActivationBackend } from '@rectify/core';
import { AutoBackend } from './auto-backend.js';
import { DEFAULT_BUDGET_MS, calibrate } from './calibrate.js';
import { gatherCandidates } from './candidates.js';
import { isRoutingTable, type RoutingTable } from './routing-table.js';

export { AutoBackend } from './auto-backend.js';
export { CALIBRATION_LENGTHS } from './calibrate.js';
export type { LeftOut } from './candidates.js';
export type { Route, RouteReason } from './route.js';
export type { Measurement, OpFamily, RoutingTable } from './routing-table.js';

export interface AutoBackendOptions {
  /** Route among these backends (kept by the caller: dispose() leaves them alone). Default: every registered backend, created here. */
  backends?: readonly ActivationBackend[];
  /** Names of the registered backends to use, e.g. ['js', 'wasm']; ignored with `backends`. */
  use?: readonly string[];
  /** A routing table saved from `backend.routingTable`: no calibration at creation. */
  routes?: RoutingTable;
  /** Time allowed for calibration, in ms (default 150); sizes not reached are routed to the most preferred candidate. */
  calibrationBudgetMs?: number;
}

function checkOptions(options: unknown): AutoBackendOptions {
  if (options === null || typeof options !== 'object') {
    throw new InvalidParameterError('createBackend(options) takes an options object (or nothing).');
  }
  const o = options as AutoBackendOptions;
  if (o.backends !== undefined && (!Array.isArray(o.backends) || o.backends.some((b) => !b || typeof b.name !== 'string' || !b.capabilities))) {
    throw new InvalidParameterError('options.backends must be an array of backends (from each package\'s createBackend()).');
  }
  if (o.use !== undefined && (!Array.isArray(o.use) || o.use.some((n) => typeof n !== 'string'))) {
    throw new InvalidParameterError('options.use must be an array of backend names, e.g. ["js", "wasm"].');
  }
  if (o.routes !== undefined && !isRoutingTable(o.routes)) {
    throw new InvalidParameterError('options.routes must be a routing table saved from backend.routingTable.');
  }
  const budget = o.calibrationBudgetMs;
  if (budget !== undefined && !(Number.isFinite(budget) && budget >= 0 && budget <= 200)) {
    throw new InvalidParameterError(`calibrationBudgetMs must be a number from 0 to 200, got ${String(budget)}.`);
  }
  return o;
}

/**
 * Creates the routing backend over the given backends, or over every backend registered with core
 * (import the backend packages you want first; when none is registered, the installed ones among
 * @rectify/backend-js, -wasm and -webgpu are imported). Throws BackendUnavailableError when no
 * candidate can run here.
 */
export async function createBackend(options: AutoBackendOptions = {}): Promise<AutoBackend> {
  const o = checkOptions(options);
  const { backends, owned, leftOut } = await gatherCandidates(o.backends, o.use, 'auto');
  if (backends.length === 0) {
    const reasons = leftOut.map((l) => `${l.name}: ${l.reason}`).join('; ');
    throw new BackendUnavailableError('auto', reasons || 'no backend is registered or given; install @rectify/backend-js');
  }
  let table: RoutingTable;
  let tableSource: string;
  if (o.routes) {
    table = o.routes;
    tableSource = 'from options.routes';
  } else {
    const start = performance.now();
    table = await calibrate(backends, o.calibrationBudgetMs ?? DEFAULT_BUDGET_MS);
    tableSource = `calibrated here in ${Math.round(performance.now() - start)} ms`;
  }
  return new AutoBackend({ candidates: backends, owned, leftOut, table, tableSource });
}

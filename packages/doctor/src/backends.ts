/**
 * The backend the doctor computes with: the registry's best (or the one asked for), with the plain JS
 * backend standing in, op by op, for any op × dtype the chosen one does not declare, so the report can
 * say what ran where and why.
 */
import { BackendUnavailableError, dtypeOf, loadBackend, perOp, type ActivationBackend, type OpName, type SkippedBackend } from '@rectify/core';
import { createBackend as createJs } from '@rectify/backend-js';
import { DoctorInputError } from './errors.js';

export const BACKEND_NAMES = ['js', 'wasm', 'webgpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface ChosenBackend {
  backend: ActivationBackend;
  /** Backends tried before it and why each was passed over. */
  skipped: SkippedBackend[];
  /** Calls the chosen backend could not take, and the JS backend ran: 'histogram float16'. */
  fellBack: Set<string>;
  /** The op-by-op router the layers use: every op of the table, on the chosen backend where it declares it. */
  ops: Pick<ActivationBackend, OpName>;
  dispose(): Promise<void>;
}

/** import() through a variable: the wasm and webgpu packages are optional. */
const importOptional = (specifier: string): Promise<unknown> => import(specifier);

export async function chooseBackend(name?: string): Promise<ChosenBackend> {
  if (name !== undefined && !(BACKEND_NAMES as readonly string[]).includes(name)) {
    throw new DoctorInputError(`--backend must be one of ${BACKEND_NAMES.join(', ')}, got '${name}'.`);
  }
  // Importing a backend package registers it with core's registry.
  for (const pkg of ['@rectify/backend-js', '@rectify/backend-wasm', '@rectify/backend-webgpu']) await importOptional(pkg).catch(() => undefined);
  try {
    const { backend, skipped } = await loadBackend(name ? { preferences: [name] } : {});
    return await withFallback(backend, skipped);
  } catch (e) {
    if (e instanceof BackendUnavailableError && name) throw new DoctorInputError(`--backend ${name} cannot run here (${e.message}); pick another with --backend js|wasm|webgpu, or leave it out.`);
    throw e;
  }
}

/** Wraps a backend the caller made (the dashboard's) with the JS fallback; dispose() leaves `backend` to the caller when `owned` is false. */
export async function withFallback(backend: ActivationBackend, skipped: SkippedBackend[] = [], owned = true): Promise<ChosenBackend> {
  const js = backend.name === 'js' ? backend : await createJs();
  const fellBack = new Set<string>();
  const route =
    (op: OpName) =>
    (x: { length: number }, ...rest: unknown[]) => {
      const dtype = dtypeOf(x);
      const own = dtype !== undefined && backend.capabilities.ops[op]?.includes(dtype);
      if (!own) fellBack.add(`${op} ${dtype}`);
      const target = own ? backend : js;
      return (target[op] as (...a: unknown[]) => unknown)(x, ...rest);
    };
  const ops = perOp((op) => route(op.name)) as unknown as ChosenBackend['ops'];
  return {
    backend,
    skipped,
    fellBack,
    ops,
    async dispose() {
      if (owned) await backend.dispose();
      if (js !== backend) await js.dispose();
    },
  };
}

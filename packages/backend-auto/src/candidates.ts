/**
 * Where the auto backend's candidates come from: the caller's backends, or every backend registered
 * with core's registry (each backend package registers itself when imported). The auto package never
 * imports a backend's internals: at most a backend package's public entry, to get it registered.
 */
import { registeredBackends, type ActivationBackend } from '@rectify/core';

/** Backend packages tried when nothing is registered yet; each is an optional peer dependency. */
const INSTALLABLE = ['@rectify/backend-webgpu', '@rectify/backend-wasm', '@rectify/backend-js'];

export interface LeftOut {
  name: string;
  reason: string;
}

export interface Candidates {
  /** Most preferred first (registry priority, or the caller's order). */
  backends: ActivationBackend[];
  /** The ones the auto backend created, so dispose() releases them and no others. */
  owned: Set<ActivationBackend>;
  leftOut: LeftOut[];
}

export async function gatherCandidates(given: readonly ActivationBackend[] | undefined, names: readonly string[] | undefined, selfName: string): Promise<Candidates> {
  if (given) return { backends: [...given], owned: new Set(), leftOut: [] };
  if (registeredBackends().length === 0) await importInstalled();
  const backends: ActivationBackend[] = [];
  const leftOut: LeftOut[] = [];
  for (const factory of registeredBackends()) {
    if (factory.name === selfName) continue;
    if (names && !names.includes(factory.name)) {
      leftOut.push({ name: factory.name, reason: 'not in options.use' });
      continue;
    }
    const availability = await factory.isAvailable().catch((e: unknown) => ({ available: false as const, reason: message(e) }));
    if (!availability.available) {
      leftOut.push({ name: factory.name, reason: availability.reason });
      continue;
    }
    try {
      backends.push(await factory.create());
    } catch (e) {
      leftOut.push({ name: factory.name, reason: `failed to initialise: ${message(e)}` });
    }
  }
  for (const name of names ?? []) {
    if (!backends.some((b) => b.name === name) && !leftOut.some((l) => l.name === name)) {
      leftOut.push({ name, reason: `not registered: import '@rectify/backend-${name}' to register it` });
    }
  }
  return { backends, owned: new Set(backends), leftOut };
}

// Importing a backend package registers it; a package that is not installed is simply absent.
async function importInstalled(): Promise<void> {
  for (const specifier of INSTALLABLE) await import(specifier).catch(() => undefined);
}

export function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

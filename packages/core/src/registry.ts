/**
 * Backend packages register a factory here when imported; core never imports them.
 * loadBackend() tries them in order and says why each one it passed over was skipped.
 */
import type { ActivationBackend, BackendFactory } from './backend.js';
import { BackendUnavailableError, InvalidParameterError } from './errors.js';

const factories = new Map<string, BackendFactory>();

export function registerBackend(factory: BackendFactory): void {
  if (!factory || typeof factory.name !== 'string' || !factory.name) {
    throw new InvalidParameterError('registerBackend needs a factory with a non-empty name.');
  }
  if (typeof factory.create !== 'function' || typeof factory.isAvailable !== 'function') {
    throw new InvalidParameterError(`backend factory '${factory.name}' needs create() and isAvailable().`);
  }
  if (!Number.isFinite(factory.priority)) {
    throw new InvalidParameterError(`backend factory '${factory.name}' needs a finite priority.`);
  }
  factories.set(factory.name, factory);
}

export function unregisterBackend(name: string): boolean {
  return factories.delete(name);
}

/** Registered factories, most preferred first. */
export function registeredBackends(): BackendFactory[] {
  return [...factories.values()].sort((a, b) => b.priority - a.priority);
}

export interface SkippedBackend {
  name: string;
  reason: string;
}

export interface LoadedBackend {
  backend: ActivationBackend;
  /** The backends tried before it, and why each was passed over. */
  skipped: SkippedBackend[];
}

export interface LoadOptions {
  /** Names to try, in order. Default: every registered backend by priority. */
  preferences?: readonly string[];
  /** Passed to the chosen factory's create(). */
  options?: Record<string, unknown>;
}

/** Returns the first backend that initialises; throws BackendUnavailableError listing every reason if none does. */
export async function loadBackend(opts: LoadOptions = {}): Promise<LoadedBackend> {
  const { preferences } = opts;
  if (preferences !== undefined && (!Array.isArray(preferences) || preferences.some((p) => typeof p !== 'string'))) {
    throw new InvalidParameterError('preferences must be an array of backend names, e.g. ["wasm", "js"].');
  }
  const order = preferences ?? registeredBackends().map((f) => f.name);
  const skipped: SkippedBackend[] = [];
  for (const name of order) {
    const factory = factories.get(name);
    if (!factory) {
      skipped.push({ name, reason: `not registered: import '@rectify/backend-${name}' to register it` });
      continue;
    }
    const availability = await factory.isAvailable().catch((e: unknown) => ({ available: false as const, reason: message(e) }));
    if (!availability.available) {
      skipped.push({ name, reason: availability.reason });
      continue;
    }
    try {
      return { backend: await factory.create(opts.options), skipped };
    } catch (e) {
      skipped.push({ name, reason: `failed to initialise: ${message(e)}` });
    }
  }
  const reasons = skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
  throw new BackendUnavailableError(
    order.length ? order.join(', ') : '(none registered)',
    reasons || 'no backend is registered; import a backend package such as @rectify/backend-js',
  );
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

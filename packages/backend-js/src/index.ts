import { InvalidParameterError, registerBackend, type ActivationBackend } from '@rectify/core';
import { JsBackend } from './js-backend.js';

export { JsBackend, KERNELS, capabilities } from './js-backend.js';

/** Options for the JS backend: none today; the argument exists so every backend's createBackend has one shape. */
export type JsBackendOptions = Record<string, never>;

/** Creates the plain JavaScript backend. It is available wherever JavaScript runs. */
export async function createBackend(options: JsBackendOptions = {}): Promise<JsBackend & ActivationBackend> {
  if (options === null || typeof options !== 'object') {
    throw new InvalidParameterError('createBackend(options) takes an options object (or nothing).');
  }
  return new JsBackend();
}

registerBackend({
  name: 'js',
  priority: 10,
  isAvailable: async () => ({ available: true }),
  create: () => createBackend(),
});

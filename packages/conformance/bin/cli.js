// What the rectify-* commands share: options with --help, one-line errors with exit 2, and loading
// a backend package by name.
import { parseArgs } from 'node:util';

/** Prints `rectify-NAME: message` and exits 2 (bad arguments or a backend that cannot load). */
export function fail(command, message) {
  console.error(`${command}: ${message}`);
  process.exit(2);
}

/** parseArgs with -h/--help (prints usage, exits 0); an unknown option fails in one line. */
export function parseOptions(command, usage, options) {
  let values;
  try {
    ({ values } = parseArgs({ options: { ...options, help: { type: 'boolean', short: 'h', default: false } } }));
  } catch (e) {
    fail(command, `${e.message}. Run ${command} --help for the options.`);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  return values;
}

/** A new backend from the package @rectify/backend-NAME. */
export async function createNamedBackend(command, name) {
  let mod;
  try {
    mod = await import(`@rectify/backend-${name}`);
  } catch (e) {
    fail(command, `cannot load @rectify/backend-${name}: ${e.message}. Build it first (npm run build) or check the name.`);
  }
  return mod.createBackend();
}

/**
 * The code each worker thread runs, as a string: Node (worker_threads, eval) and browsers (a Blob
 * URL) both start it without a separate file for bundlers to find. It instantiates the shared-memory
 * build on the backend's memory, says it is ready, then waits on its control slot (see
 * thread-pool.ts) for kernels to run on its part of a call's arrays.
 */
export const WORKER_SOURCE = `
'use strict';
const SPIN = 100000;
const port = typeof require === 'function' ? require('node:worker_threads').parentPort : null;
const post = (message) => (port ? port.postMessage(message) : self.postMessage(message));
function start({ module, memory, control, offset, names }) {
  let kernels;
  try {
    const { exports } = new WebAssembly.Instance(module, { env: { memory } });
    kernels = names.map((name) => exports[name]);
  } catch (e) {
    post({ ok: false, message: String((e && e.message) || e) });
    return;
  }
  const ints = new Int32Array(control, offset, 4);
  const args = new Float64Array(control, offset + 16, 12);
  post({ ok: true });
  // After this turn, so that the ready message leaves before the loop blocks the thread for good.
  setTimeout(() => {
    let seen = 0;
    for (;;) {
      // Spin a little before sleeping: waking a sleeping thread costs tens of microseconds, and calls come in runs.
      for (let i = 0; i < SPIN && Atomics.load(ints, 0) === seen; i++);
      Atomics.wait(ints, 0, seen);
      const seq = Atomics.load(ints, 0);
      if (seq < 0) break;
      seen = seq;
      kernels[ints[2]](...args.subarray(0, ints[3]));
      Atomics.store(ints, 1, seq);
      Atomics.notify(ints, 1);
    }
    if (port) port.close();
    else self.close();
  }, 0);
}
if (port) port.once('message', start);
else self.onmessage = (event) => start(event.data);
`;

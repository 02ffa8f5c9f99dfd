/**
 * The code each worker thread runs, as a string: Node (worker_threads, eval) and browsers (a Blob
 * URL) both start it without a separate file for bundlers to find. It instantiates the shared-memory
 * build on the backend's memory, says it is ready, then waits on its control slot (thread-pool.ts:
 * SEQ 0, DONE 1, KERNEL 2, ARGC 3, FAILED 4 as int32, the arguments as float64 from byte 32) for
 * kernels to run on its part of a call's arrays.
 */
export const WORKER_SOURCE = `
'use strict';
const SPIN = 100000;
// getBuiltinModule, not require: the worker runs as an ES module when Node was started with --input-type=module.
const nodeProcess = globalThis.process;
const port = nodeProcess && nodeProcess.versions && nodeProcess.versions.node
  ? nodeProcess.getBuiltinModule('node:worker_threads').parentPort
  : null;
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
  const ints = new Int32Array(control, offset, 8);
  const args = new Float64Array(control, offset + 32, 12);
  post({ ok: true });
  // After this turn, so that the ready message leaves before the loop blocks the thread for good.
  setTimeout(() => {
    let seen = 0;
    for (;;) {
      // Spin a little before sleeping: waking a sleeping thread costs tens of microseconds, and calls come in runs.
      let seq = Atomics.load(ints, 0);
      for (let i = 0; i < SPIN && seq === seen; i++) seq = Atomics.load(ints, 0);
      while (seq === seen) {
        Atomics.wait(ints, 0, seen);
        seq = Atomics.load(ints, 0);
      }
      if (seq < 0) break;
      seen = seq;
      try {
        kernels[ints[2]](...args.subarray(0, ints[3]));
      } catch (e) {
        // A kernel that traps must still report done, or the calling thread would wait for ever.
        ints[4] = 1;
      }
      Atomics.store(ints, 1, seq);
      Atomics.notify(ints, 1);
    }
    if (port) port.close();
    else self.close();
  }, 0);
}
if (port) port.once('message', start);
else {
  self.onmessage = (event) => start(event.data);
  self.onmessageerror = () => post({ ok: false, message: 'the module or memory could not be received' });
}
`;

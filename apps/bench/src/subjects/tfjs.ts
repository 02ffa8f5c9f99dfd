/**
 * A TensorFlow.js backend (tfjs-backend-cpu, tfjs-backend-wasm) as a reference. Environment-free:
 * the caller passes the loaded tfjs namespace with the backend registered (src/node/load.ts).
 * Which tfjs call stands for which of our ops is @rectify/peers' table (TFJS_OPS), the one the report
 * card grades. resident: the op + dataSync on existing tensors (the arrays, and alpha); roundtrip:
 * tensor creation + the op + dataSync. tfjs has one global backend, so each batch first makes this
 * subject's backend the active one.
 */
import { perOp, prepareCall, type AnyTypedArray, type DType, type OpName } from '@rectify/core';
import { TFJS_OPS, tfjsOutputs, tfjsTensors, type TfLike, type TfTensors } from '@rectify/peers';
import { benchOp } from '../plan.js';
import type { Mode, PreparedRun, Subject } from './subject.js';

export type { TfLike, TfTensor } from '@rectify/peers';

/** `declared`: the (op, dtype) pairs to run, e.g. a probed peer's capabilities.ops (default: every dtype TFJS_OPS tries). */
export function tfjsSubject(tf: TfLike, tfBackend: string, name = `tfjs-${tfBackend}`, declared?: Readonly<Record<OpName, readonly DType[]>>): Subject {
  const activate = async () => {
    if (tf.getBackend() !== tfBackend && !(await tf.setBackend(tfBackend))) throw new Error(`tfjs could not switch to '${tfBackend}'`);
  };
  const info = { name, capabilities: { ops: declared ?? perOp((op) => TFJS_OPS[op.name]?.dtypes ?? []), flushesSubnormals: false, deviceBacked: false, sync: true, residentArrays: false, maxLength: Number.MAX_SAFE_INTEGER } };
  return {
    name,
    role: 'reference',
    modes: (op, dtype): readonly Mode[] => (info.capabilities.ops[op].includes(dtype as never) ? ['resident', 'roundtrip'] : []),
    async prepare(cell, mode): Promise<PreparedRun> {
      await activate();
      const tfOp = TFJS_OPS[cell.op];
      if (!tfOp) throw new Error(`tfjs does not offer ${cell.op}`);
      const op = benchOp(cell.op);
      const call = prepareCall(info, op, [...cell.inputs, ...cell.params]);
      const dispose = (t: TfTensors) => [...t.arrays, ...(t.alpha ? [t.alpha] : [])].forEach((x) => x.dispose());
      const resident = mode === 'resident' ? tfjsTensors(tf, call) : undefined;
      const once = (): AnyTypedArray[] => {
        const t = resident ?? tfjsTensors(tf, call);
        const outs = tfjsOutputs(tf, tfOp, t, call.params);
        const data = outs.map((o) => o.dataSync() as AnyTypedArray);
        outs.forEach((o) => o.dispose());
        if (!resident) dispose(t);
        return data;
      };
      return {
        reset: activate,
        batch(reps) {
          for (let i = 0; i < reps; i++) once();
        },
        async output() {
          await activate();
          const [y, dalpha] = once().map((d) => d.slice() as AnyTypedArray);
          return op.result === 'gradients' ? { dx: y, dalpha } : y;
        },
        async release() {
          await activate();
          if (resident) dispose(resident);
        },
      };
    },
  };
}

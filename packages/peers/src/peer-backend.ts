/**
 * Another library's ops as an ActivationBackend: every call is checked by core's prepareCall (so bad
 * input fails as on our backends), then handed to the peer's own op. What the peer cannot run is
 * found by trying each (op, dtype) once on a few elements at creation, and is listed in `lacks`
 * with the reason, rather than declared and left to fail.
 */
import {
  BackendDisposedError,
  OPS,
  installOpMethods,
  allocate,
  perOp,
  prepareCall,
  takesOut,
  type ActivationBackend,
  type AnyTypedArray,
  type Capabilities,
  type DType,
  type Gradients,
  type OpName,
  type PreparedCall,
} from '@rectify/core';

/** What a peer's op gives back: x's dtype, as typed arrays (dx and dalpha for gradients). */
export type PeerResult = AnyTypedArray | Gradients<AnyTypedArray, AnyTypedArray>;

export interface PeerOp {
  /** The dtypes to try; those the peer rejects on the probe end up in `lacks`. */
  readonly dtypes: readonly DType[];
  /** The peer's call for a checked call of ours: its own op, with our parameters. */
  run(call: PreparedCall): Promise<PeerResult>;
}

export interface PeerDefinition {
  /** 'tfjs-cpu', 'ort-wasm', ... */
  readonly name: string;
  /** The library and version, e.g. '@tensorflow/tfjs-core 4.22.0 (cpu)'. */
  readonly library: string;
  readonly ops: Partial<Record<OpName, PeerOp>>;
  /** Why the ops the table leaves out are missing ('tfjs has no such op'). */
  readonly missingReason: string;
  /** True when the data lives on a GPU (webgl, webgpu). */
  readonly deviceBacked: boolean;
  dispose?(): void | Promise<void>;
}

export interface PeerBackend extends ActivationBackend {
  readonly library: string;
  /** Every op or dtype of docs/semantics.md this peer does not run, with the reason. */
  readonly lacks: Readonly<Partial<Record<OpName, string>>>;
}

const PROBE_LENGTH = 8;

/** Builds the backend, probing each (op, dtype) of the table on PROBE_LENGTH elements. */
export async function createPeerBackend(peer: PeerDefinition): Promise<PeerBackend> {
  const declared = perOp((): DType[] => []);
  const lacks: Partial<Record<OpName, string>> = {};
  const info = { name: peer.name, capabilities: capabilities(peer, perOp((op) => peer.ops[op.name]?.dtypes ?? [])) };
  for (const op of OPS) {
    const peerOp = peer.ops[op.name];
    if (!peerOp) {
      lacks[op.name] = peer.missingReason;
      continue;
    }
    const rejected: string[] = [];
    for (const dtype of peerOp.dtypes) {
      try {
        const inputs = op.arrays.map(() => allocate(dtype, PROBE_LENGTH));
        await peerOp.run(prepareCall(info, op, [...inputs, ...op.cases(dtype)[0].params(PROBE_LENGTH)]));
        declared[op.name].push(dtype);
      } catch (e) {
        rejected.push(`${dtype} (${firstLine(e)})`);
      }
    }
    const unsupported = op.dtypes.filter((d) => !declared[op.name].includes(d) && !peerOp.dtypes.includes(d));
    const reasons = [...rejected, ...(unsupported.length ? [`${unsupported.join(', ')}: not a dtype ${peer.name} offers for it`] : [])];
    if (reasons.length) lacks[op.name] = reasons.join('; ');
  }
  return new Peer(peer, capabilities(peer, declared), lacks);
}

function capabilities(peer: PeerDefinition, ops: Record<OpName, readonly DType[]>): Capabilities {
  // flushesSubnormals false: whether a peer flushes is what its report card measures.
  return { ops, flushesSubnormals: false, deviceBacked: peer.deviceBacked, sync: false, residentArrays: false, maxLength: Number.MAX_SAFE_INTEGER };
}

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 200);

// The op methods are installed on the prototype from the op table below.
interface Peer extends ActivationBackend {}

class Peer implements PeerBackend {
  readonly name: string;
  readonly library: string;
  private disposed = false;

  constructor(
    private readonly peer: PeerDefinition,
    readonly capabilities: Capabilities,
    readonly lacks: Readonly<Partial<Record<OpName, string>>>,
  ) {
    this.name = peer.name;
    this.library = peer.library;
  }

  async run(op: (typeof OPS)[number], args: unknown[]): Promise<unknown> {
    if (this.disposed) throw new BackendDisposedError(this.name);
    const call = prepareCall(this, op, args);
    const peerOp = this.peer.ops[op.name]!;
    const result = await peerOp.run(call);
    if (!takesOut(op) || call.out === undefined) return result;
    const out = call.out as AnyTypedArray;
    const dx = op.result === 'gradients' ? (result as Gradients<AnyTypedArray, AnyTypedArray>).dx : (result as AnyTypedArray);
    new Uint8Array(out.buffer, out.byteOffset, call.length * out.BYTES_PER_ELEMENT).set(new Uint8Array(dx.buffer, dx.byteOffset, call.length * dx.BYTES_PER_ELEMENT));
    return op.result === 'gradients' ? { ...(result as object), dx: out } : out;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.peer.dispose?.();
  }
}

installOpMethods(Peer.prototype, (self, op, args) => self.run(op, args));

/** A peer's result as an array of our dtype: same bits when the class matches, else converted by value (tfjs returns Float32Array for float32). */
export function asDType(dtype: DType, data: ArrayLike<number> & { buffer?: ArrayBufferLike; BYTES_PER_ELEMENT?: number }, length: number): AnyTypedArray {
  const out = allocate(dtype, length);
  if (data.BYTES_PER_ELEMENT === out.BYTES_PER_ELEMENT && data.buffer) {
    const src = data as AnyTypedArray;
    new Uint8Array(out.buffer).set(new Uint8Array(src.buffer, src.byteOffset, length * out.BYTES_PER_ELEMENT));
  } else {
    for (let i = 0; i < length; i++) out[i] = data[i];
  }
  return out;
}

/** x's shape [outer, C, inner] and alpha's [C, 1] (or [C]) so that tfjs broadcasting puts alpha[c] on channel c. */
export function channelLayout(call: PreparedCall): { shape: number[]; alphaShape?: number[] } {
  if (!call.perChannel) return { shape: [call.length] };
  const [channels, inner] = call.params;
  const outer = call.length / (channels * inner) || 0;
  return inner > 1 ? { shape: [outer, channels, inner], alphaShape: [channels, 1] } : { shape: [outer, channels], alphaShape: [channels] };
}


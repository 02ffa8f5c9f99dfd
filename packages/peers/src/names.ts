import type { PeerBackend } from './peer-backend.js';

/** Every peer, with where it runs: Node and browsers, or browsers only (webgl, webgpu). */
export const PEER_NAMES = ['tfjs-cpu', 'tfjs-wasm', 'ort-wasm', 'tfjs-webgl', 'tfjs-webgpu', 'ort-webgpu'] as const;
export type PeerName = (typeof PEER_NAMES)[number];

/** A peer that loaded, or the reason it did not (never dropped silently). */
export type PeerLoad = { name: PeerName; backend: PeerBackend } | { name: PeerName; unavailable: string };

/** Loads each named peer in order; one that throws is kept with the first line of its error. */
export async function loadEach<N extends PeerName>(names: readonly N[], load: (name: N) => Promise<PeerBackend>): Promise<PeerLoad[]> {
  const loads: PeerLoad[] = [];
  for (const name of names) {
    try {
      loads.push({ name, backend: await load(name) });
    } catch (e) {
      loads.push({ name, unavailable: (e instanceof Error ? e.message : String(e)).split('\n')[0] });
    }
  }
  return loads;
}

import type { PeerBackend } from './peer-backend.js';

/** Every peer, with where it runs: Node and browsers, or browsers only (webgl, webgpu). */
export const PEER_NAMES = ['tfjs-cpu', 'tfjs-wasm', 'ort-wasm', 'tfjs-webgl', 'tfjs-webgpu', 'ort-webgpu'] as const;
export type PeerName = (typeof PEER_NAMES)[number];

/** A peer that loaded, or the reason it did not (never dropped silently). */
export type PeerLoad = { name: PeerName; backend: PeerBackend } | { name: PeerName; unavailable: string };

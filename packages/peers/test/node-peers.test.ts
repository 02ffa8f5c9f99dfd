/**
 * The peers that run in Node, graded as `npm run conformance:peers` grades them (same seed, same
 * sizes): every first mismatch of the report card is run again here on the peer, on the named
 * input, and must give the same bits, which differ from the oracle's.
 */
import { BackendDisposedError, OutTooShortError, UnsupportedDTypeError, oracle } from '@rectify/core';
import { DEFAULT_RANDOM_LENGTH, defaultSeed, ensureFloat16, hexBits, replayExample } from '@rectify/conformance';
import { afterAll, describe, expect, it } from 'vitest';
import { loadNodePeers, NODE_PEERS } from '../src/node.js';
import type { PeerBackend } from '../src/peer-backend.js';
import { gradeForCard, type CardBackend } from '../src/report.js';

ensureFloat16();
const loads = await loadNodePeers();
const peers = loads.flatMap((l) => ('backend' in l ? [l.backend] : []));
const cards: CardBackend[] = [];
for (const backend of peers) cards.push(await gradeForCard(backend, { kind: 'peer', runtime: 'node', seed: defaultSeed(), randomLength: DEFAULT_RANDOM_LENGTH }));
const examples = cards.flatMap((card) =>
  card.entries.flatMap((entry) =>
    entry.examples.map((example) => ({
      backend: peers.find((p) => p.name === card.name)!,
      entry,
      example,
      title: `${card.name} ${entry.op} ${entry.dtype} (${example.params}), ${example.class}: ${Object.entries(example.operands).map(([k, v]) => `${k}=${v}`).join(' ')}${example.part === 'dalpha' ? ` dalpha[${example.index}]` : ''} gives ${example.got}, the oracle ${example.want}`,
    })),
  ),
);

afterAll(async () => {
  for (const p of peers) await p.dispose();
});

describe('Node peers', () => {
  it('all load here (their libraries are devDependencies)', () => {
    expect(loads.map((l) => ('unavailable' in l ? `${l.name}: ${l.unavailable}` : l.name))).toEqual([...NODE_PEERS]);
  });

  it('declare only what they ran on the probe, and say why the rest is missing', () => {
    for (const p of peers) {
      expect(p.capabilities.ops.stats, p.name).toEqual([]);
      expect(p.lacks.stats, p.name).toMatch(/no such/);
      expect(p.capabilities.ops.relu, p.name).toContain('float32');
    }
    const ort = peers.find((p) => p.name === 'ort-wasm')!;
    expect(ort.capabilities.ops.reluGrad).toEqual([]);
    expect(ort.lacks.leakyRelu ?? '').toMatch(/float64/);
  });

  it('give the report card something to show: each peer differs from the oracle somewhere, and the examples replay', () => {
    for (const card of cards) expect(card.entries.some((e) => !e.passed), card.name).toBe(true);
    expect(examples.length).toBeGreaterThan(0);
    for (const { title, example } of examples) expect(example.replay.reproduced, title).toBe(true);
  });

  it.each(examples)('$title', async ({ backend, entry, example }) => {
    const replay = await replayExample(backend, entry.op, entry.dtype, example);
    console.log(`${backend.name} ${entry.op} ${entry.dtype}: ${JSON.stringify(example.operands)} -> ${replay.got.join(', ')} (oracle ${replay.want})`);
    expect(replay.got).toEqual([example.got]);
    expect(replay.want).toBe(example.want);
    expect(replay.got[0]).not.toBe(replay.want);
  });
});

describe.each(peers.map((p) => [p.name, p] as [string, PeerBackend]))('%s as an ActivationBackend', (_name, backend) => {
  it('rejects what core rejects, with the typed error, before calling the peer', async () => {
    await expect(backend.relu(new Float32Array(4), new Float32Array(2))).rejects.toBeInstanceOf(OutTooShortError);
    await expect(backend.stats(new Float32Array(4))).rejects.toBeInstanceOf(UnsupportedDTypeError);
  });

  it('writes out when given one, and puts alpha on the channels core says (NCHW)', async () => {
    const out = new Float32Array(24);
    const got = await backend.prelu(NCHW.x, NCHW.alpha, NCHW.options, out);
    expect(got).toBe(out);
    // tfjs-wasm's Prelu kernel is given no shapes and applies alpha cyclically (alpha[i % C]): only channels last comes out right.
    const want = backend.name === 'tfjs-wasm' ? cyclicPrelu(NCHW.x, NCHW.alpha) : oracle.prelu(NCHW.x, NCHW.alpha, NCHW.options);
    expect(bits(out)).toEqual(bits(want));
    if (backend.name === 'tfjs-wasm') expect(bits(out)).not.toEqual(bits(oracle.prelu(NCHW.x, NCHW.alpha, NCHW.options)));
  });
});

/** Ordinary numbers only, where every peer's product is exact, so only a wrong layout shows. */
const NCHW = {
  x: Float32Array.from({ length: 24 }, (_, i) => ((i * 37) % 11) - 5.5),
  alpha: new Float32Array([0.25, -2, 3]),
  options: { shape: [2, 3, 4], axis: 1 },
};
const bits = (a: Float32Array) => Array.from(a, (_, i) => hexBits(a, i));
const cyclicPrelu = (x: Float32Array, alpha: Float32Array) => x.map((v, i) => (v < 0 ? Math.fround(alpha[i % alpha.length] * v) : v));

describe('a disposed peer', () => {
  it('fails with BackendDisposedError', async () => {
    const [load] = await loadNodePeers(['tfjs-cpu']);
    const p = (load as { backend: PeerBackend }).backend;
    await p.dispose();
    await expect(p.relu(new Float32Array(2))).rejects.toBeInstanceOf(BackendDisposedError);
  });
});

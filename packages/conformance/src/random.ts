/** mulberry32: a tiny seeded generator, so every random case can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** The seed for this run: RECTIFY_SEED when set (to replay a failure), else a fixed default. */
export function defaultSeed(): number {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const fromEnv = env?.RECTIFY_SEED;
  const parsed = fromEnv === undefined ? NaN : Number(fromEnv);
  return Number.isInteger(parsed) ? parsed >>> 0 : 0x5eed;
}

// The op table in packages/core/src/ops is the one list of ops: no other source file spells one, as
// string literals ('relu' | 'clippedRelu' ..., ['relu', ...], switch cases) or as object keys
// ({ relu: ..., clippedRelu: ... }). Tests may name the ops they test; peer adapters map our ops to a
// peer library's own calls (what tfjs or onnxruntime-web offers), which is theirs to list, as the
// doctor maps ONNX's activation nodes to ours.
import { OP_NAMES } from '@rectify/core';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
// Peer adapters, and the doctor's map from ONNX's activations to ours.
const PEER_ADAPTERS = /^(apps\/bench\/src\/subjects\/(tfjs|ort|onnx-model)|packages\/peers\/src\/(tfjs|ort)|packages\/doctor\/src\/onnx-model)\.ts$/;

function sources(): string[] {
  const dirs = ['packages', 'apps'].flatMap((group) =>
    readdirSync(join(root, group)).flatMap((pkg) => ['src', 'bin', 'scripts', 'assembly'].map((d) => join(group, pkg, d))),
  );
  const files = [...dirs.filter((d) => existsSync(join(root, d))).flatMap((d) => readdirSync(join(root, d), { recursive: true, encoding: 'utf8' }).map((f) => join(d, f))), 'tools/chromium.ts', 'tools/readme-example.ts', '.ci/summary.mjs'];
  return files.filter((f) => /\.(ts|js|mjs)$/.test(f) && !f.startsWith('packages/core/src/ops/') && !f.includes('/generated/') && !f.includes('node_modules'));
}

/** The distinct op names a file spells as string literals, and as object keys. */
function opsSpelled(code: string): { literals: string[]; keys: string[] } {
  const literals = OP_NAMES.filter((op) => new RegExp(`(['"\`])${op}\\1`).test(code));
  const keys = OP_NAMES.filter((op) => new RegExp(`(^|[{,]\\s*)${op}\\s*:`, 'm').test(code));
  return { literals, keys };
}

it('finds lists where they are spelled (the check itself can fail)', () => {
  expect(opsSpelled("const OPS = ['relu', 'clippedRelu', 'leakyRelu'];").literals).toHaveLength(3);
  expect(opsSpelled('const K = {\n  relu: a,\n  clippedRelu: b,\n  stats: c,\n};').keys).toHaveLength(3);
  expect(opsSpelled('kernel = exports[`${op.name}F32`]').literals).toHaveLength(0);
});

it('no source file outside packages/core/src/ops spells a list of op names', () => {
  const files = sources();
  expect(files.length).toBeGreaterThan(50);
  const offenders: string[] = [];
  for (const file of files) {
    const { literals, keys } = opsSpelled(readFileSync(join(root, file), 'utf8'));
    const rel = relative(root, join(root, file));
    if (PEER_ADAPTERS.test(rel)) continue;
    if (literals.length >= 2) offenders.push(`${rel}: ${literals.join(', ')} as strings`);
    if (keys.length >= 2) offenders.push(`${rel}: ${keys.join(', ')} as keys`);
  }
  expect(offenders).toEqual([]);
});

/** The measuring modules must run in a browser worker too: no Node imports or globals outside src/node and src/cli.ts. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = resolve(import.meta.dirname, '../src');
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));

describe('environment-free modules', () => {
  const shared = files(src).filter((f) => f.endsWith('.ts') && !relative(src, f).startsWith('node') && !f.endsWith('cli.ts'));
  it('exist', () => expect(shared.length).toBeGreaterThan(10));
  it.each(shared.map((f) => [relative(src, f), f]))('%s uses no Node module or global', (_name, file) => {
    // Comments may mention Node (e.g. 'process.version' in a field's doc); code may not.
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    expect(code).not.toMatch(/from ['"]node:|import\(['"]node:|\brequire\(|\bprocess\.|\bBuffer\.|__dirname|cli-progress/);
  });
  it('index.ts exports none of the Node-only modules', () => {
    expect(readFileSync(join(src, 'index.ts'), 'utf8')).not.toMatch(/\.\/node\/|\.\/cli/);
  });
});

import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const appDir = fileURLToPath(new URL('..', import.meta.url));

describe('README example', () => {
  it('prints what its comments say', () => {
    const readme = readFileSync(join(appDir, 'README.md'), 'utf8');
    const code = /```js\n([\s\S]*?)```/.exec(readme)?.[1];
    if (!code) throw new Error('README.md has no ```js block');
    const expected = [...code.matchAll(/^\s*\/\/ prints: (.*)$/gm)].map((m) => m[1]);
    expect(expected.length).toBeGreaterThanOrEqual(3);
    // Inside the app directory, so that the workspace's node_modules resolve its imports.
    const file = join(appDir, `.readme-example-${process.pid}.mjs`);
    writeFileSync(file, code);
    try {
      const stdout = execFileSync(process.execPath, [file], { encoding: 'utf8', cwd: appDir, timeout: 90_000 });
      expect(stdout.trimEnd().split('\n')).toEqual(expected);
    } finally {
      rmSync(file, { force: true });
    }
  });
});

/**
 * Test helpers that keep package READMEs honest: run a README's ```js example as a user would
 * (from inside the package, or from packed tarballs installed in an empty folder outside the repo)
 * and return what it printed next to what its `// prints: ...` comments promise.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

/** The first ```js block of a README. */
export function readmeExample(readmePath: string): string {
  const match = /```js\n([\s\S]*?)```/.exec(readFileSync(readmePath, 'utf8'));
  if (!match) throw new Error(`${readmePath} has no \`\`\`js example`);
  return match[1];
}

/** The lines an example promises to print, from its `// prints: ...` comments, in order. */
export function promisedLines(code: string): string[] {
  return [...code.matchAll(/\/\/ prints: (.*)$/gm)].map((m) => m[1].trim());
}

export interface ExampleRun {
  printed: string[];
  promised: string[];
}

/** `name@version` for each registry dependency of the given workspace packages, at the version installed here. */
export function lockedDependencies(packages: string[]): string[] {
  const workspace = new Set(packages.map((p) => JSON.parse(readFileSync(join(ROOT, p, 'package.json'), 'utf8')).name as string));
  const specs = new Set<string>();
  for (const p of packages) {
    const deps: Record<string, string> = JSON.parse(readFileSync(join(ROOT, p, 'package.json'), 'utf8')).dependencies ?? {};
    for (const name of Object.keys(deps)) {
      if (workspace.has(name)) continue;
      const { version } = JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8'));
      specs.add(`${name}@${version}`);
    }
  }
  return [...specs];
}

function runIn(dir: string, code: string, env: NodeJS.ProcessEnv = {}): ExampleRun {
  const file = join(dir, `.readme-example-${process.pid}-${Date.now()}.mjs`);
  writeFileSync(file, code);
  try {
    const stdout = execFileSync(process.execPath, [file], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
    return { printed: stdout.trim().split('\n').map((l) => l.trim()), promised: promisedLines(code) };
  } finally {
    rmSync(file, { force: true });
  }
}

/** Runs the package's README example from inside the package, so workspace imports resolve. */
export function runReadmeExample(packageDir: string, env?: NodeJS.ProcessEnv): ExampleRun {
  return runIn(packageDir, readmeExample(join(packageDir, 'README.md')), env);
}

/**
 * Packs the given workspace packages (already built), installs the tarballs into an empty folder
 * outside the repo (their registry dependencies at the versions installed here), and runs `readmeOf`'s README example there.
 * `link` names packages to symlink from the repo's node_modules instead (e.g. an optional native peer).
 */
export function runPackedExample(packages: string[], readmeOf: string, options: { link?: string[]; env?: NodeJS.ProcessEnv } = {}): ExampleRun {
  const dir = mkdtempSync(join(tmpdir(), 'rectify-pack-'));
  try {
    const tarballs = packages.map((p) => {
      const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: join(ROOT, p), encoding: 'utf8' });
      return join(dir, out.trim().split('\n').pop()!);
    });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'rectify-pack-smoke', private: true, type: 'module' }));
    // Registry dependencies of the tarballs at the versions this repo locked, so the smoke test runs what CI
    // tested. --prefer-offline: a warm cache answers at once, a fresh machine (empty cache, since `npm ci`
    // caches tarballs but not the metadata a new install resolves with) asks the registry.
    const locked = lockedDependencies(packages);
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', ...tarballs, ...locked], {
      cwd: dir,
      stdio: 'pipe',
    });
    for (const name of options.link ?? []) symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name), 'dir');
    return runIn(dir, readmeExample(join(ROOT, readmeOf, 'README.md')), options.env);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// npm run conformance:peers, in Node only (--no-browser; the e2e test runs the browser half): the
// JSON lists our backends exact beside tfjs-cpu, tfjs-wasm and ort-wasm, with real mismatches.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ReportCardSchema } from '@rectify/peers';
import { afterAll, describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../scripts/report-card.js', import.meta.url));
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'rectify-card-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('conformance:peers', () => {
  it('writes a report card with our backends and the Node peers', async () => {
    const json = join(dir, 'card.json');
    const { stdout } = await run(process.execPath, [cli, '--no-browser', '--random', '256', '--seed', '9', '--json', json], { env: { ...process.env, EGL_PLATFORM: 'surfaceless' } });
    const card = ReportCardSchema.parse(JSON.parse(readFileSync(json, 'utf8')));
    expect(card).toMatchObject({ seed: 9, randomLength: 256 });
    const byName = new Map(card.backends.map((b) => [b.name, b]));
    for (const name of ['js', 'wasm']) expect(byName.get(name)?.entries.every((e) => e.passed), name).toBe(true);
    const webgpu = byName.get('webgpu')!;
    if (webgpu.available) expect(webgpu.entries.every((e) => e.passed)).toBe(true);
    else console.log(`webgpu not graded: ${webgpu.reason}`);
    for (const name of ['tfjs-cpu', 'tfjs-wasm', 'ort-wasm']) {
      const peer = byName.get(name);
      expect(peer?.available, name).toBe(true);
      expect(peer!.entries.some((e) => !e.passed), name).toBe(true);
      for (const e of peer!.entries) for (const x of e.examples) expect(x.replay.reproduced, `${name} ${e.op} ${e.dtype} ${x.class}`).toBe(true);
    }
    expect(stdout).toMatch(/^tfjs-cpu · node +✗/m);
    expect(stdout).toMatch(/^js · node +(✓ +){11}✓/m);
    expect(stdout).toMatch(/tfjs-cpu · node relu float32: \d+\/32 specials/);
  }, 120_000);

  it('rejects a bad flag with the usage and exit status 2', async () => {
    const failed = await run(process.execPath, [cli, '--random', '-3']).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 2 });
    expect((failed as { stderr: string }).stderr).toMatch(/--random must be a positive number/);
  });
});

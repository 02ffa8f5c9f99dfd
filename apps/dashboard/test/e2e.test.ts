/**
 * The dashboard in a real browser: builds the app, serves it on localhost, runs every backend's
 * conformance check and the quick benchmark, loads a Node report beside the browser's, and exports.
 */
import { diagnoseOnnx } from '@rectify/doctor';
import { REPORT_CARD_VERSION, gradeForCard, type ReportCard } from '@rectify/peers';
import { loadNodePeers } from '@rectify/peers/node';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../scripts/serve.js';
import { BenchReportSchema } from '@rectify/bench';
import { CHROMIUM, launchChromium } from './support/chromium.ts';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const fixture = join(appDir, 'test/fixtures/node-fixture.json');
const artifacts = join(appDir, 'artifacts');

describe.skipIf(!existsSync(CHROMIUM))('dashboard in Chromium', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  let page: Page;
  let buildDir = '';
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    // A build of the current sources of its own, so that dist/ (served by the README example) is left alone.
    buildDir = mkdtempSync(join(tmpdir(), 'rectify-dashboard-build-'));
    server = await startServer({ port: 0, rebuild: true, quiet: true, outDir: buildDir });
    browser = await launchChromium();
    context = browser.context;
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
    await page.goto(`${server.url}?quick=1`);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (buildDir) rmSync(buildDir, { recursive: true, force: true });
  });

  it('checks every available backend, benchmarks, compares with a Node file and exports', async () => {
    // The server's COOP/COEP headers give the worker a 5 µs clock instead of 100 µs.
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const run = page.locator('#run');
    await expect.poll(() => run.isEnabled(), { timeout: 20_000 }).toBe(true);
    await run.click();
    await page.locator('#conformance[data-state="done"]').waitFor({ timeout: 60_000 });

    const cards = await page.locator('.card').evaluateAll((els) =>
      els.map((e) => ({ name: (e as HTMLElement).dataset.backend!, state: (e as HTMLElement).dataset.state!, text: e.textContent ?? '' })),
    );
    await page.screenshot({ path: join(artifacts, 'conformance.png'), fullPage: true });
    const failures = (await page.locator('#conformance .failures').allTextContents()).join('\n');
    expect(cards.map((c) => c.name)).toEqual(['js', 'wasm', 'webgpu']);
    // The plain JS backend runs everywhere; every backend either passes or says why it cannot run.
    expect(cards.find((c) => c.name === 'js')!.state).toBe('pass');
    for (const c of cards) {
      // Soft: a failing backend fails the test, but the benchmark, chart and export are still checked.
      expect.soft(['pass', 'unavailable'], `${c.name}: ${c.text}\n${failures}`).toContain(c.state);
      if (c.state === 'unavailable') expect(c.text).toMatch(/Unavailable here: \S+/);
    }
    const webgpu = cards.find((c) => c.name === 'webgpu')!;
    const hasAdapter = await page.evaluate(async () => Boolean(await (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu?.requestAdapter()));
    console.log(`webgpu adapter: ${hasAdapter}; cards: ${cards.map((c) => `${c.name}=${c.state}${c.state === 'unavailable' ? ` (${c.text})` : ''}`).join('; ')}`);
    if (!hasAdapter) expect(webgpu.state).toBe('unavailable');

    const passing = cards.filter((c) => c.state === 'pass').map((c) => c.name);
    const available = cards.filter((c) => c.state !== 'unavailable').map((c) => c.name);
    const cellStates = await page.locator('#conformance td').evaluateAll((tds) =>
      tds.map((td) => ({ backend: (td as HTMLElement).dataset.backend!, dtype: (td as HTMLElement).dataset.dtype!, cls: td.className })),
    );
    expect(cellStates.length).toBeGreaterThan(0);
    // float16 runs on Chromium's own Float16Array here: every backend that passes passes it too.
    for (const name of passing) expect(cellStates.some((c) => c.backend === name && c.dtype === 'float16' && c.cls === 'cell-pass'), `${name} float16`).toBe(true);
    for (const name of passing) {
      const mine = cellStates.filter((c) => c.backend === name);
      expect(mine.some((c) => c.cls === 'cell-pass'), name).toBe(true);
      expect(mine.every((c) => c.cls === 'cell-pass' || c.cls === 'cell-not-declared'), name).toBe(true);
    }

    await page.locator('#throughput[data-state="done"]').waitFor({ timeout: 60_000 });
    await page.locator('#files').setInputFiles(fixture);
    await page.locator('#sources li').first().waitFor();
    const bad = join(artifacts, 'not-a-report.json');
    writeFileSync(bad, JSON.stringify({ schemaVersion: 1, records: 'nope' }));
    await page.locator('#files').setInputFiles(bad);
    await expect.poll(() => page.locator('#file-errors').textContent()).toContain('not-a-report.json: not a Rectify benchmark report');

    expect(await page.locator('#chart canvas').count()).toBeGreaterThan(0);
    const labels = await page.locator('#chart .u-legend .u-series .u-label').allTextContents();
    const { machine } = BenchReportSchema.parse(JSON.parse(readFileSync(fixture, 'utf8')));
    const fixtureLabel = `node-fixture.json (node ${machine.runtimeVersion}, ${machine.cores} cores)`;
    const copies = (where: string) => [`copy ceiling · ${where}`, `new-array copy · ${where}`];
    for (const want of [`js roundtrip · this browser`, ...copies('this browser'), `wasm resident · ${fixtureLabel}`, ...copies(fixtureLabel)]) {
      expect(labels).toContain(want);
    }
    for (const name of available) expect(labels.some((l) => l.startsWith(`${name} `) && l.endsWith('· this browser')), name).toBe(true);

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export').click()]);
    await download.saveAs(join(artifacts, 'browser-run.json'));
    const exported = BenchReportSchema.parse(JSON.parse(readFileSync(join(artifacts, 'browser-run.json'), 'utf8')));
    expect(exported.machine.runtime).toBe('browser');
    // The benchmark verifies on its own input: a backend failing a conformance edge case may still be timed.
    expect(new Set(exported.records.map((r) => r.backend))).toEqual(new Set(['copy', ...available]));
    expect(exported.records.every((r) => r.gbps > 0 && r.verified !== false)).toBe(true);

    await page.screenshot({ path: join(artifacts, 'dashboard.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  }, 90_000);

  it('shows a rectify-doctor report: a row and a histogram per layer, the dead and dormant bars, the findings', async () => {
    const report = join(appDir, 'test/fixtures/doctor-fixture.json');
    await page.locator('#doctor-file').setInputFiles(report);
    await page.locator('#doctor[data-state="loaded"]').waitFor({ timeout: 10_000 });
    const { layers, findings } = JSON.parse(readFileSync(report, 'utf8')) as { layers: { name: string; dead: number }[]; findings: unknown[] };
    expect(await page.locator('.doctor-layers tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.layer))).toEqual(layers.map((l) => l.name));
    expect(await page.locator('.doctor-layers tbody tr').first().locator('td').nth(2).textContent()).toBe(String(layers[0].dead));
    expect(await page.locator('#doctor-units canvas').count()).toBe(1);
    expect(await page.locator('.doctor-histogram canvas').count()).toBe(layers.length);
    expect(await page.locator('#doctor .findings li').count()).toBe(findings.length);
    const bad = join(artifacts, 'not-a-doctor-report.json');
    writeFileSync(bad, JSON.stringify({ schemaVersion: 1, layers: 'none' }));
    await page.locator('#doctor-file').setInputFiles(bad);
    await expect.poll(() => page.locator('#doctor-errors').textContent()).toContain('not-a-doctor-report.json is not a rectify-doctor report');
    await page.screenshot({ path: join(artifacts, 'doctor.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  }, 30_000);

  it('runs an ONNX model in the browser (onnxruntime-web) and finds what the Node doctor finds on the same seeded samples', async () => {
    const model = join(appDir, '../../packages/doctor/examples/mlp.onnx');
    const node = await diagnoseOnnx(model, { backend: 'js', random: 150, seed: 1 });
    await page.locator('#doctor-samples').fill('150');
    await page.locator('#doctor-model').setInputFiles(model);
    await expect.poll(() => page.locator('#doctor-report p').first().textContent(), { timeout: 60_000 }).toContain('150 random samples');
    await page.locator('#doctor[data-state="loaded"]').waitFor({ timeout: 10_000 });
    const rows = await page.locator('.doctor-layers tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    expect(rows.map((r) => [r[0], r[3], r[4], r[5]])).toEqual(node.layers.map((l) => [l.name, String(l.dead), String(l.dormant), `${(100 * l.sparsity).toFixed(1)}%`]));
    expect(node.layers[0].dead).toBeGreaterThan(0);
    expect(await page.locator('#doctor .findings li').count()).toBe(node.findings.length);
    await page.screenshot({ path: join(artifacts, 'doctor-model.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  }, 90_000);
  it('shows the Report card: a Node report loaded from a file, and the browser peers run here, side by side', async () => {
    // A Node card, as npm run conformance:peers writes it, for one peer.
    const [tfjsCpu] = await loadNodePeers(['tfjs-cpu']);
    if (!('backend' in tfjsCpu)) throw new Error(`tfjs-cpu did not load: ${tfjsCpu.unavailable}`);
    const nodeCard: ReportCard = {
      schema: REPORT_CARD_VERSION,
      generated: new Date().toISOString(),
      seed: 1,
      randomLength: 256,
      backends: [await gradeForCard(tfjsCpu.backend, { kind: 'peer', runtime: 'node', seed: 1, randomLength: 256 })],
    };
    const file = join(buildDir, 'report-card.json');
    writeFileSync(file, JSON.stringify(nodeCard));
    await page.locator('#report-file').setInputFiles(file);
    await page.locator('#report-card[data-state="loaded"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('#report-grid tr[data-backend="tfjs-cpu"][data-runtime="node"]').count()).toBe(1);

    await page.locator('#report-run').click();
    await page.locator('#report-card[data-state="done"], #report-card[data-state="failed"]').waitFor({ timeout: 240_000 });
    expect(await page.locator('#report-errors').textContent()).toBe('');
    const live = (await page.evaluate(() => (window as unknown as { __rectifyReportCard: unknown }).__rectifyReportCard)) as ReportCard;
    const runtime = live.backends[0].runtime;
    const states = await page.locator(`#report-grid tr[data-runtime="${runtime}"] td`).evaluateAll((tds) =>
      tds.map((td) => ({ backend: td.parentElement!.dataset.backend!, op: (td as HTMLElement).dataset.op!, state: (td as HTMLElement).dataset.state! })),
    );
    console.log(`report card in ${runtime}: ${live.backends.map((b) => `${b.name}=${b.available ? `${b.entries.filter((e) => e.passed).length}/${b.entries.length} exact` : `unavailable (${b.reason})`}`).join('; ')}`);
    // Our backends: exact wherever they ran; the peers: at least one of tfjs' GPU backends ran, and differs somewhere.
    for (const b of live.backends.filter((x) => x.kind === 'rectify' && x.available)) expect(b.entries.filter((e) => !e.passed), b.name).toEqual([]);
    expect(live.backends.filter((b) => b.kind === 'peer' && b.available && b.name.startsWith('tfjs-')).length).toBeGreaterThan(0);
    expect(states.some((c) => c.state === 'pass')).toBe(true);
    expect(states.some((c) => c.state === 'fail')).toBe(true);
    // Every mismatch the browser reports was run again on its peer and gave the same bits.
    for (const b of live.backends) {
      for (const e of b.entries) {
        for (const x of e.examples) {
          console.log(`  ${b.name} ${e.op} ${e.dtype} ${x.class}: ${JSON.stringify(x.operands)} got ${x.got}, oracle ${x.want}; replayed ${x.replay.how}: ${x.replay.got.join(', ')}`);
          expect.soft(x.replay.reproduced, `${b.name} ${e.op} ${e.dtype} ${x.class}`).toBe(true);
        }
      }
    }
    const failing = page.locator(`#report-grid tr[data-runtime="${runtime}"] td[data-state="fail"]`).first();
    await failing.click();
    await expect.poll(() => page.locator('#report-detail').textContent()).toMatch(/got 0x[0-9a-f]+, want 0x[0-9a-f]+/);
    await page.screenshot({ path: join(artifacts, 'report-card.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  }, 300_000);
});

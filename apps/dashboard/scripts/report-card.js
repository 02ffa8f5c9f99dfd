#!/usr/bin/env node
/**
 * The report card: Rectify's backends and the libraries people use instead, graded side by side by
 * @rectify/conformance, every first mismatch replayed on the backend that gave it.
 *   - in Node: our js, wasm and webgpu (Dawn) backends, and tfjs-cpu, tfjs-wasm and ort-wasm;
 *   - in headless Chromium (this dashboard's Report card, driven by playwright-core): our backends
 *     again, and tfjs-webgl, tfjs-webgpu and ort-webgpu (SwiftShader's WebGL and WebGPU here).
 *
 *   npm run conformance:peers -- [--json FILE] [--random N] [--seed S] [--no-browser]
 *
 * Exits 1 when one of our backends is not exact (that is a bug); the peers' results are findings.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BACKEND_NAMES } from '@rectify/bench';
import { OP_NAMES } from '@rectify/core';
import { DEFAULT_RANDOM_LENGTH, MISMATCH_CLASSES, defaultSeed, ensureFloat16 } from '@rectify/conformance';
import { REPORT_CARD_VERSION, ReportCardSchema, gradeForCard, unavailableCard } from '@rectify/peers';
import { loadNodePeers } from '@rectify/peers/node';
import { runnerImport } from 'vite';
import { startServer } from './serve.js';

const USAGE = 'usage: npm run conformance:peers -- [--json FILE] [--random N] [--seed S] [--no-browser]';

/** @param {string[]} argv */
export function parseArgs(argv) {
  /** @type {{ json?: string, random: number, seed: number, browser: boolean }} */
  const args = { random: DEFAULT_RANDOM_LENGTH, seed: defaultSeed(), browser: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value; ${USAGE}`);
      return v;
    };
    if (a === '--json') args.json = value();
    else if (a === '--random') args.random = Number(value());
    else if (a === '--seed') args.seed = Number(value());
    else if (a === '--no-browser') args.browser = false;
    else if (a === '--help' || a === '-h') throw new Error(USAGE);
    else throw new Error(`unknown argument ${a}; ${USAGE}`);
  }
  if (!Number.isSafeInteger(args.random) || args.random < 1) throw new Error(`--random must be a positive number of elements, got ${args.random}`);
  if (!Number.isSafeInteger(args.seed) || args.seed < 0 || args.seed > 0xffffffff) throw new Error(`--seed must be an integer in 0..4294967295, got ${args.seed}`);
  return args;
}

const log = (/** @type {string} */ line) => process.stderr.write(`${line}\n`);
const reason = (/** @type {unknown} */ e) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

/** @param {{ random: number, seed: number }} args */
async function gradeNode(args) {
  ensureFloat16();
  // Dawn's OpenGL ES backend on Mesa needs a surfaceless EGL where there is no display.
  process.env.EGL_PLATFORM ??= 'surfaceless';
  const options = (/** @type {'rectify' | 'peer'} */ kind, /** @type {string} */ name) => ({
    kind,
    runtime: 'node',
    seed: args.seed,
    randomLength: args.random,
    onProgress: (/** @type {number} */ done, /** @type {number} */ total) => {
      if (done === total) log(`  node: ${name} graded (${total} op · dtype)`);
    },
  });
  const cards = [];
  for (const name of BACKEND_NAMES) {
    let backend;
    try {
      backend = await (await import(`@rectify/backend-${name}`)).createBackend();
    } catch (e) {
      cards.push(unavailableCard(name, 'rectify', 'node', reason(e)));
      continue;
    }
    try {
      cards.push(await gradeForCard(backend, options('rectify', name)));
    } finally {
      await backend.dispose();
    }
  }
  for (const load of await loadNodePeers()) {
    if ('unavailable' in load) {
      cards.push(unavailableCard(load.name, 'peer', 'node', load.unavailable));
      continue;
    }
    try {
      cards.push(await gradeForCard(load.backend, options('peer', load.name)));
    } finally {
      await load.backend.dispose();
    }
  }
  return cards;
}

/** The dashboard's Report card run in headless Chromium; its backends, or one line saying why none. */
async function gradeChromium(/** @type {{ random: number, seed: number }} */ args) {
  const { CHROMIUM, CHROMIUM_ARGS } = /** @type {{ module: typeof import('../../../tools/chromium.ts') }} */ (await runnerImport(new URL('../../../tools/chromium.ts', import.meta.url).pathname)).module;
  if (!existsSync(CHROMIUM)) return { cards: [], skipped: `no browser at ${CHROMIUM}: install Debian's chromium to grade tfjs-webgl, tfjs-webgpu and ort-webgpu` };
  const { chromium } = await import('playwright-core');
  const server = await startServer({ port: 0, quiet: true });
  const userDataDir = mkdtempSync(join(tmpdir(), 'rectify-report-card-'));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    let last = '';
    const progress = setInterval(async () => {
      const line = await page.locator('#report-progress').textContent().catch(() => '');
      if (line && line !== last) log(`  chromium: ${(last = line)}`);
    }, 2000);
    try {
      await page.goto(`${server.url}?report-card=run&seed=${args.seed}&random=${args.random}`);
      await page.locator('#report-card[data-state="done"], #report-card[data-state="failed"]').waitFor({ timeout: 600_000 });
    } finally {
      clearInterval(progress);
    }
    const card = await page.evaluate(() => /** @type {any} */ (window).__rectifyReportCard);
    if (!card) throw new Error(`the Report card run failed in Chromium: ${await page.locator('#report-errors').textContent()}`);
    return { cards: ReportCardSchema.parse(card).backends, skipped: undefined };
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
    await server.close();
  }
}

/** One row per backend, one column per op: ✓ every dtype exact, ✗ one differs, · not offered, – not run here. */
export function summary(/** @type {import('@rectify/peers').ReportCard} */ card) {
  const width = Math.max(...card.backends.map((b) => `${b.name} · ${b.runtime}`.length), 16);
  const lines = [`${''.padEnd(width)}  ${OP_NAMES.map((op, i) => String(i + 1).padStart(2)).join(' ')}`];
  for (const b of card.backends) {
    const cells = OP_NAMES.map((op) => {
      if (!b.available) return ' –';
      const entries = b.entries.filter((e) => e.op === op);
      return entries.length === 0 ? ' ·' : entries.every((e) => e.passed) ? ' ✓' : ' ✗';
    });
    lines.push(`${`${b.name} · ${b.runtime}`.padEnd(width)}  ${cells.join(' ')}${b.available ? '' : `  not run: ${b.reason}`}`);
  }
  lines.push(`ops: ${OP_NAMES.map((op, i) => `${i + 1} ${op}`).join(', ')}`);
  for (const b of card.backends) {
    for (const e of b.entries.filter((x) => !x.passed)) {
      const classes = MISMATCH_CLASSES.filter((c) => e.classes[c]).map((c) => `${c} ${e.classes[c]}`).join(', ');
      lines.push(`  ${b.name} · ${b.runtime} ${e.op} ${e.dtype}: ${e.specials.mismatches}/${e.specials.elements} specials, ${e.random.mismatches}/${e.random.elements} random differ${classes ? ` (${classes})` : ''}${e.error ? `; threw ${e.error}` : ''}`);
    }
  }
  return lines.join('\n');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  log(`Grading every backend (seed ${args.seed}, ${args.random} random elements per call)…`);
  const backends = await gradeNode(args);
  let skipped;
  if (args.browser) {
    const chromium = await gradeChromium(args);
    backends.push(...chromium.cards);
    skipped = chromium.skipped;
  }
  const card = ReportCardSchema.parse({ schema: REPORT_CARD_VERSION, generated: new Date().toISOString(), seed: args.seed, randomLength: args.random, backends });
  console.log(summary(card));
  if (skipped) console.log(`Browser peers skipped: ${skipped}`);
  if (args.json) {
    writeFileSync(args.json, `${JSON.stringify(card, null, 2)}\n`);
    console.log(`Wrote ${args.json}: load it in the dashboard's Report card (npm run dashboard).`);
  }
  const notReproduced = card.backends.flatMap((b) => b.entries.flatMap((e) => e.examples.filter((x) => !x.replay.reproduced).map((x) => `${b.name} ${e.op} ${e.dtype} ${x.class}`)));
  if (notReproduced.length) console.log(`Mismatches that did not replay (the backend is not deterministic there): ${notReproduced.join('; ')}`);
  const ours = card.backends.filter((b) => b.kind === 'rectify' && b.entries.some((e) => !e.passed));
  if (ours.length) {
    console.error(`Not exact: ${ours.map((b) => `${b.name} · ${b.runtime}`).join(', ')}. That is a Rectify bug: run npm test to find the failing case.`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(reason(e));
    process.exitCode = 2;
  });
}

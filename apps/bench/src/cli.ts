#!/usr/bin/env node
/** rectify-bench: the command line. Node-only; the measuring itself is in the environment-free modules. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { parseCli, USAGE, UsageError, type CliOptions } from './node/args.js';
import { loadSubjects } from './node/load.js';
import { machineInfo } from './node/machine.js';
import { buildReport } from './report.js';
import { runBench, type Progress } from './run.js';
import { formatTable } from './table.js';

function progressBar(enabled: boolean): { update(p: Progress): void; stop(): void } {
  if (!enabled || !process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: '{bar} {percentage}% | {label} | {duration}s', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      if (!started) bar.start(p.total, 0, { label: p.label });
      started = true;
      bar.update(p.done, { label: p.label });
    },
    stop: () => bar.stop(),
  };
}

async function main(options: CliOptions): Promise<number> {
  const started = new Date();
  const t0 = performance.now();
  const { subjects, unavailable, gpu } = await loadSubjects(options.backends, options.references);
  const bar = progressBar(options.progress);
  const result = await runBench(subjects, options.plan, { onProgress: (p) => bar.update(p) }).finally(() => bar.stop());
  const report = buildReport({ createdAt: started, machine: machineInfo(gpu), unavailable, result });
  process.stdout.write(`${formatTable(report)}\n\nTook ${((performance.now() - t0) / 1000).toFixed(1)} s.\n`);
  if (options.json !== undefined) {
    const file = resolve(options.json);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    process.stderr.write(`wrote ${file}\n`);
  }
  for (const s of subjects) await Promise.resolve(s.dispose?.()).catch(() => {});
  return report.wrong.length > 0 ? 1 : 0;
}

let options: CliOptions;
try {
  options = parseCli(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof UsageError)) throw e;
  process.stderr.write(`rectify-bench: ${e.message}\nRun rectify-bench --help for usage.\n`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
main(options).then(
  // Exit explicitly: GPU and wasm runtimes may keep handles open after the work is done.
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`rectify-bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(3);
  },
);

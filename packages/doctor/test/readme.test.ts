import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runReadmeExample } from '../../../tools/readme-example.js';
import { mlpModel } from './mlp-model.js';

const here = resolve(import.meta.dirname, '..');
const cli = join(here, 'dist', 'cli.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: here, encoding: 'utf8', timeout: 120_000 });

describe('README', () => {
  it('ships the tests\' MLP as its example model (RECTIFY_WRITE_EXAMPLE=1 rewrites it)', () => {
    const path = join(here, 'examples', 'mlp.onnx');
    if (process.env.RECTIFY_WRITE_EXAMPLE === '1') writeFileSync(path, mlpModel());
    expect(Buffer.compare(readFileSync(path), Buffer.from(mlpModel()))).toBe(0);
  });

  it('its command prints the report: the table, histograms and findings', () => {
    const readme = readFileSync(join(here, 'README.md'), 'utf8');
    const line = readme.split('\n').find((l) => l.startsWith('npx rectify-doctor '))!;
    const r = run(...line.trim().split(/\s+/).slice(2), '--no-progress');
    // Nothing on stderr but what Dawn's native code may log while the webgpu backend starts.
    const dawn = /^(Warning: .*|\s+at .*|)$/;
    expect(r.stderr.split('\n').filter((l) => !dawn.test(l))).toEqual([]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^rectify doctor: model examples\/mlp\.onnx, computed on the \w+ backend/);
    expect(r.stdout).toMatch(/relu1 +relu \(Relu\) +6 +200 +1 +1 /);
    expect(r.stdout).toMatch(/! .*relu1's units \(1 of 6\) never fire/);
    expect(r.stdout).toMatch(/! 16\.5% of relu6's pre-activations are at or above its ceiling/);
  });

  it('library example prints what it says', () => {
    const { printed, promised } = runReadmeExample(here);
    expect(promised.length).toBe(3);
    expect(printed).toEqual(promised);
  });

  it.each([
    [['--nope'], /Unknown option '--nope'/],
    [[], /give an ONNX model or \.npy dumps/],
    [['a.txt'], /neither a \.onnx model nor a \.npy dump/],
    [['examples/mlp.onnx'], /--input name=file\.npy|--input NAME|give the model inputs/],
    [['examples/mlp.onnx', '--input', 'y=examples/mlp-x.npy'], /the model has no input 'y'/],
    [['examples/mlp.onnx', '--random', 'ten'], /--random must be a number/],
    [['test/fixtures/bad-fortran.npy'], /Fortran order/],
    [['test/fixtures/layer.npy', '--backend', 'cuda'], /--backend must be one of js, wasm, webgpu/],
  ])('%j exits 2 with one line saying what to do', (args, message) => {
    const r = run(...args);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

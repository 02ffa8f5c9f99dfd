import { createBackend as createAuto } from '@rectify/backend-auto';
const auto = await createAuto({ use: ['js', 'wasm'] });
const wasm = auto.backend('wasm');
const n = Number(process.argv[2] ?? 1024);
const xw = wasm.alloc('float32', n), xa = auto.alloc('float32', n);
const ow = new Float32Array(n), oa = new Float32Array(n);
for (let i = 0; i < n; i++) xw[i] = xa[i] = Math.random() - 0.5;
const med = (v) => v.sort((a, b) => a - b)[v.length >> 1];
const t = { wres: [], ares: [], wout: [], aout: [] };
const R = 2000;
for (let round = 0; round < 300; round++) {
  let s = performance.now(); for (let i = 0; i < R; i++) wasm.sync.relu(xw, xw); t.wres.push((performance.now() - s) / R * 1e6);
  s = performance.now(); for (let i = 0; i < R; i++) auto.sync.relu(xa, xa); t.ares.push((performance.now() - s) / R * 1e6);
  s = performance.now(); for (let i = 0; i < R; i++) wasm.sync.relu(xw, ow); t.wout.push((performance.now() - s) / R * 1e6);
  s = performance.now(); for (let i = 0; i < R; i++) auto.sync.relu(xa, oa); t.aout.push((performance.now() - s) / R * 1e6);
}
const m = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, med(v)]));
console.log(Object.entries(m).map(([k, v]) => `${k} ${v.toFixed(1)}ns`).join(' '), 'res ratio', (m.wres / m.ares).toFixed(3), 'out ratio', (m.wout / m.aout).toFixed(3));
await auto.dispose();

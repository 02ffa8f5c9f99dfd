/**
 * What the figures mean, each finding naming its layer and the figure that triggered it. The
 * thresholds follow the literature: keras-contrib's DeadReluDetector warns at 10% dead units in a
 * layer; ReDo (Sokar et al., 2023) counts dormant units; a mean ReLU output well above zero is the bias
 * shift that batch normalisation removes (Ioffe and Szegedy, 2015; Clevert et al., 2016).
 */
import type { Finding, LayerReport } from './report.js';

export const DEAD_SHARE = 0.1;
export const DORMANT_SHARE = 0.1;
export const SATURATION_SHARE = 0.1;
/** Mean output (over units) at which a layer's outputs are called shifted. */
export const BIAS_SHIFT = 1;

/** Three significant figures: 16.5%, 0.391%, 100%. */
const pct = (v: number) => `${Number((100 * v).toPrecision(3))}%`;

export function findingsOf(layers: readonly LayerReport[]): Finding[] {
  const out: Finding[] = [];
  const firstNaN = layers.find((l) => l.nan > 0 || l.inf > 0);
  if (firstNaN) {
    out.push({
      layer: firstNaN.name,
      kind: 'nan',
      figure: firstNaN.nan + firstNaN.inf,
      message: `${firstNaN.nan} NaN and ${firstNaN.inf} infinite pre-activations first appear at ${firstNaN.name} (in graph order).`,
      advice: 'Look at the layers just before it: lower the learning rate, clip gradients, and check the inputs and weights for NaN or huge values.',
    });
  }
  for (const l of layers) {
    if (l.units === 0) continue;
    const dead = l.dead / l.units;
    if (dead >= DEAD_SHARE) {
      out.push({
        layer: l.name,
        kind: 'dead',
        figure: dead,
        message: `${pct(dead)} of ${l.name}'s units (${l.dead} of ${l.units}) never fire on this data.`,
        advice: 'Dead ReLUs: lower the learning rate, use He initialisation, or switch to LeakyReLU/PReLU so negative units still get a gradient.',
      });
    }
    const dormant = l.dormant / l.units;
    if (dormant >= DORMANT_SHARE) {
      out.push({
        layer: l.name,
        kind: 'dormant',
        figure: dormant,
        message: `${pct(dormant)} of ${l.name}'s units (${l.dormant} of ${l.units}) fire on almost no samples.`,
        advice: 'Dormant units: reinitialise them during training (ReDo), lower the learning rate, or use LeakyReLU.',
      });
    }
    const finite = l.meanOutput.filter((m): m is number => m !== null);
    const mean = finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : 0;
    if (Math.abs(mean) >= BIAS_SHIFT) {
      out.push({
        layer: l.name,
        kind: 'bias-shift',
        figure: mean,
        message: `${l.name}'s mean output is ${mean.toPrecision(3)}: its activations are shifted away from zero.`,
        advice: 'Add batch normalisation before the activation (or normalise the inputs) to re-centre it.',
      });
    }
    if (l.saturation !== undefined && l.saturation >= SATURATION_SHARE) {
      out.push({
        layer: l.name,
        kind: 'saturation',
        figure: l.saturation,
        message: `${pct(l.saturation)} of ${l.name}'s pre-activations are at or above its ceiling.`,
        advice: 'Heavy relu6 saturation: scale the inputs down (or the weights before it), or raise the ceiling.',
      });
    }
  }
  return out;
}

/**
 * Runs the doctor on an ONNX model picked in the browser: onnxruntime-web (wasm) runs it on seeded
 * random samples of its declared input shapes, and the fastest backend this page loaded computes
 * the figures (the plain JS backend standing in for any op it lacks).
 */
import type { ActivationBackend } from '@rectify/core';
import { diagnoseModel, withFallback, type DoctorReport } from '@rectify/doctor/browser';

export async function diagnoseModelFile(file: File, samples: number, backend: ActivationBackend, onProgress: (line: string) => void): Promise<DoctorReport> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  // The page owns the backend: the doctor disposes only the fallback it makes.
  const chosen = await withFallback(backend, [], false);
  try {
    return await diagnoseModel(bytes, file.name, { backend: chosen, random: samples, seed: 1, onProgress });
  } finally {
    await chosen.dispose();
  }
}

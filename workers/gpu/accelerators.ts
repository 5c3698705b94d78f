/**
 * What this worker computes on: the TF.js backend the neural estimators train on
 * (tfjs-node-gpu → wasm → cpu, server/quant/models/neural/backend.ts) and the ONNX Runtime
 * execution provider (CUDA → CPU, server/quant/onnx/runtime.ts), each with why. Probed once at
 * start, logged, and reported by GET /health.
 */
import { linearRegressorOnnx } from "@/server/quant/onnx/linear";
import { createOnnxSession, cudaFallbackReason } from "@/server/quant/onnx/runtime";
import { loadNeuralBackend } from "@/server/quant/models/neural/backend";

export interface Accelerators {
  tfjs: { backend: string; reason: string };
  onnx: { provider: string; reason: string };
}

/** Loads TF.js and opens a one-weight ONNX session the way jobs and serving do (provider
 * "auto", so FOLDLINE_ONNX_PROVIDER applies). */
export async function probeAccelerators(): Promise<Accelerators> {
  const neural = await loadNeuralBackend();
  const probe = await createOnnxSession(linearRegressorOnnx({ coef: Float64Array.of(1), intercept: 0 }), { cache: false });
  await probe.session.release();
  return {
    tfjs: { backend: neural.name, reason: neural.reason },
    onnx: { provider: probe.provider, reason: probe.provider === "cuda" ? "the CUDA execution provider loaded" : (cudaFallbackReason() ?? "FOLDLINE_ONNX_PROVIDER=cpu") },
  };
}

export const describeAccelerators = (a: Accelerators) =>
  `TF.js backend ${a.tfjs.backend}${a.tfjs.reason ? ` (${a.tfjs.reason})` : ""}; ONNX Runtime provider ${a.onnx.provider} (${a.onnx.reason})`;

import type { ModelGates } from "@/db/schema";

export interface GateResult {
  gate: string;
  passed: boolean;
  detail: string;
}

const fmt = (v: number) => Number(v.toPrecision(6)).toString();

/**
 * A model's promotion gates against a candidate version (and the current Production version,
 * for the degradation gate). Pure: the same inputs always give the same verdicts. A gate whose
 * metric the candidate lacks fails (no silent pass).
 */
export function evaluateGates(
  gates: ModelGates,
  candidate: { metrics: Record<string, number>; tags: Record<string, string> },
  production: { version: number; metrics: Record<string, number> } | null,
): GateResult[] {
  const out: GateResult[] = [];
  for (const [key, { min, max }] of Object.entries(gates.metrics ?? {})) {
    const v = candidate.metrics[key];
    if (v === undefined || !Number.isFinite(v)) {
      out.push({ gate: `metric ${key}`, passed: false, detail: `the version has no ${key}` });
      continue;
    }
    if (min !== undefined) out.push({ gate: `${key} > ${fmt(min)}`, passed: v > min, detail: `${key} = ${fmt(v)}` });
    if (max !== undefined) out.push({ gate: `${key} < ${fmt(max)}`, passed: v < max, detail: `${key} = ${fmt(v)}` });
  }
  const deg = gates.maxDegradation;
  if (deg) {
    const gate = `${deg.metric} at most ${fmt(deg.fraction * 100)}% worse than Production`;
    const v = candidate.metrics[deg.metric];
    const p = production?.metrics[deg.metric];
    if (!production) out.push({ gate, passed: true, detail: "no Production version to compare with" });
    else if (v === undefined || p === undefined) out.push({ gate, passed: false, detail: `${deg.metric} missing on the version or on Production v${production.version}` });
    else {
      // Degradation relative to |Production| so it reads the same for losses and scores.
      const worse = (deg.higherIsBetter ? p - v : v - p) / (Math.abs(p) || 1);
      out.push({ gate, passed: worse <= deg.fraction, detail: `${deg.metric} ${fmt(v)} vs Production v${production.version} ${fmt(p)} (${fmt(Math.max(0, worse) * 100)}% worse)` });
    }
  }
  if (gates.requireOnnxParity) {
    const tag = candidate.tags["onnx.parity"];
    out.push({ gate: "ONNX parity passed", passed: tag === "passed", detail: tag ? `onnx.parity = ${tag}` : "no ONNX parity result on the version" });
  }
  return out;
}

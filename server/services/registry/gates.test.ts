import { expect, it } from "vitest";
import { evaluateGates } from "./gates";

const gates = {
  metrics: { f1: { min: 0.65 }, accuracy: { min: 0.7 } },
  maxDegradation: { metric: "f1", higherIsBetter: true, fraction: 0.1 },
  requireOnnxParity: true,
};

it("passes a version that clears every gate", () => {
  const r = evaluateGates(gates, { metrics: { f1: 0.7, accuracy: 0.75 }, tags: { "onnx.parity": "passed" } }, { version: 2, metrics: { f1: 0.72 } });
  expect(r).toEqual([
    { gate: "f1 > 0.65", passed: true, detail: "f1 = 0.7" },
    { gate: "accuracy > 0.7", passed: true, detail: "accuracy = 0.75" },
    { gate: "f1 at most 10% worse than Production", passed: true, detail: "f1 0.7 vs Production v2 0.72 (2.77778% worse)" },
    { gate: "ONNX parity passed", passed: true, detail: "onnx.parity = passed" },
  ]);
});

it("fails on a low metric, a >10% degradation, a missing metric and no parity result", () => {
  const r = evaluateGates(gates, { metrics: { f1: 0.6 }, tags: {} }, { version: 5, metrics: { f1: 0.8 } });
  expect(r.map((g) => [g.gate, g.passed])).toEqual([
    ["f1 > 0.65", false],
    ["metric accuracy", false],
    ["f1 at most 10% worse than Production", false],
    ["ONNX parity passed", false],
  ]);
  expect(r[2]!.detail).toBe("f1 0.6 vs Production v5 0.8 (25% worse)");
});

it("reads degradation the right way round for losses, and passes without a Production version", () => {
  const loss = { maxDegradation: { metric: "rmse", higherIsBetter: false, fraction: 0.1 } };
  expect(evaluateGates(loss, { metrics: { rmse: 0.0275 }, tags: {} }, { version: 1, metrics: { rmse: 0.025 } })[0]!.passed).toBe(true);
  expect(evaluateGates(loss, { metrics: { rmse: 0.0276 }, tags: {} }, { version: 1, metrics: { rmse: 0.025 } })[0]!.passed).toBe(false);
  expect(evaluateGates(loss, { metrics: { rmse: 1 }, tags: {} }, null)[0]).toEqual({ gate: "rmse at most 10% worse than Production", passed: true, detail: "no Production version to compare with" });
});

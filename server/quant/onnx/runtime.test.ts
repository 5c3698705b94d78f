import { afterAll, describe, expect, it } from "vitest";
import { FEATURES_INPUT, buildModel, featuresInput, floatOutput, floatTensor, node } from "./graph";
import { clearOnnxSessionCache, createOnnxSession, cudaFallbackReason, cudaListed, outputToFloat64, runOnnx } from "./runtime";

afterAll(() => clearOnnxSessionCache());

/** prediction = features · [1, 1] (row sums), [N, 1]. */
const rowSum = () =>
  buildModel({
    nodes: [node("MatMul", [FEATURES_INPUT, "ones"], ["prediction"])],
    inputs: [featuresInput(2)],
    outputs: [floatOutput("prediction", ["N", 1])],
    initializers: [floatTensor("ones", [2, 1], [1, 1])],
  });

describe("onnx runtime wrapper", () => {
  it("provider 'cpu' creates a CPU session; cache: false gives a fresh session", async () => {
    const bytes = rowSum();
    const a = await createOnnxSession(bytes, { provider: "cpu" });
    expect(a.provider).toBe("cpu");
    const b = await createOnnxSession(bytes, { provider: "cpu", cache: false });
    expect(b).not.toBe(a);
    await b.session.release();
  });

  it("auto falls back to CPU with a reason when CUDA cannot be used, and provider 'cuda' then throws", async () => {
    const s = await createOnnxSession(rowSum(), { provider: "auto", cache: false });
    if (s.provider === "cpu") {
      expect(cudaFallbackReason()).toMatch(/cuda|CUDA/);
      await expect(createOnnxSession(rowSum(), { provider: "cuda", cache: false })).rejects.toThrow();
    } else {
      expect(cudaListed()).toBe(true);
    }
    await s.session.release();
  });

  it("intraOpSpinning: false (threads sleep when idle) is its own cached session with the same results", async () => {
    const bytes = rowSum();
    const spin = await createOnnxSession(bytes, { provider: "cpu", intraOpNumThreads: 2 });
    const sleep = await createOnnxSession(bytes, { provider: "cpu", intraOpNumThreads: 2, intraOpSpinning: false });
    expect(sleep).not.toBe(spin);
    expect(await createOnnxSession(bytes, { provider: "cpu", intraOpNumThreads: 2, intraOpSpinning: false })).toBe(sleep);
    const x = new Float32Array([1, 2, 3, -4]);
    expect(Array.from(outputToFloat64((await runOnnx(sleep, x, 2, 2)).prediction!))).toEqual([3, -1]);
    expect(Array.from(outputToFloat64((await runOnnx(spin, x, 2, 2)).prediction!))).toEqual([3, -1]);
  });

  it("runs large batches and checks the input shape", async () => {
    const s = await createOnnxSession(rowSum());
    const n = 100_000;
    const a = Float64Array.from({ length: n }, (_, i) => i), b = Float64Array.from({ length: n }, (_, i) => -0.5 * i);
    const y = outputToFloat64((await runOnnx(s, [a, b], n, 2)).prediction!);
    expect(y.length).toBe(n);
    expect(y[n - 1]).toBeCloseTo(0.5 * (n - 1), 2);
    await expect(runOnnx(s, [a], n, 2)).rejects.toThrow(/feature columns/);
    await expect(runOnnx(s, new Float32Array(3), 2, 2)).rejects.toThrow(/values/);
  });
});

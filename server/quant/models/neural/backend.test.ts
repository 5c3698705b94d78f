import { describe, expect, it } from "vitest";
import { loadNeuralBackend, readyNeuralBackend } from "./backend";

describe("TF.js backend choice", () => {
  it("a synchronous fit before loading is refused with the way out", () => {
    expect(() => readyNeuralBackend("mlp_regressor")).toThrow(/mlp_regressor: TensorFlow.js is not loaded; call fitAsync\(\)/);
  });

  it("without tfjs-node-gpu it picks wasm, says why, and loads once per process", async () => {
    const b = await loadNeuralBackend();
    expect(b.name).toBe("wasm");
    expect(b.tf.getBackend()).toBe("wasm");
    expect(b.reason).toMatch(/^@tensorflow\/tfjs-node-gpu: /);
    expect(await loadNeuralBackend()).toBe(b);
    expect(readyNeuralBackend("mlp_regressor")).toBe(b);
    // the backend computes: a 2×2 matmul
    const y = b.tf.tidy(() => b.tf.matMul(b.tf.tensor2d([1, 2, 3, 4], [2, 2]), b.tf.tensor2d([1, 0, 0, 1], [2, 2])).dataSync());
    expect(Array.from(y)).toEqual([1, 2, 3, 4]);
  });
});

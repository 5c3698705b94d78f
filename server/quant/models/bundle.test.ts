import { describe, expect, it } from "vitest";
import { bundleFiles, bundleModel, MODEL_FILES, readBundle } from "./bundle";
import { LogisticRegression, Ridge } from "./linear";

const X = [Float64Array.of(0, 1, 2, 3, 4, 5), Float64Array.of(1, 0, 1, 0, 1, 0)];

describe("model bundle", () => {
  it("stores estimator, ONNX and signature under model/ and reads them back to an identical model", async () => {
    const m = new Ridge({ alpha: 0.1 }).fit(X, Float64Array.of(1, 2, 3, 4, 5, 6));
    const files = bundleFiles(bundleModel(m, { features: ["x", "flag"], featureSpec: { version: 1, features: [] }, featureSpecHash: "abc", label: { kind: "regression", horizon: 5 } }));
    expect(Object.keys(files).sort()).toEqual(["model/estimator.json", "model/model.onnx", "model/signature.json"]);
    const back = await readBundle(async (p) => files[p] ?? null);
    expect(back.signature).toEqual({ task: "regression", features: ["x", "flag"], featureSpec: { version: 1, features: [] }, featureSpecHash: "abc", label: { kind: "regression", horizon: 5 } });
    expect(back.model.predict(X)).toEqual(m.predict(X));
    expect(back.onnx).toEqual(m.toOnnx());
  });

  it("records a classifier's classes, and refuses a signature of the wrong width or a missing file", async () => {
    const c = new LogisticRegression().fit(X, Float64Array.of(-1, 1, -1, 1, 0, 0));
    expect(bundleModel(c, { features: ["a", "b"], featureSpec: {}, featureSpecHash: "h" }).signature.classes).toEqual([-1, 0, 1]);
    expect(() => bundleModel(c, { features: ["a"], featureSpec: {}, featureSpecHash: "h" })).toThrow("the model takes 2 features, the signature names 1");
    const files = bundleFiles(bundleModel(c, { features: ["a", "b"], featureSpec: {}, featureSpecHash: "h" }));
    delete files[MODEL_FILES.onnx];
    await expect(readBundle(async (p) => files[p] ?? null)).rejects.toThrow("the model bundle lacks model/model.onnx");
  });
});

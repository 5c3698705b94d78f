import { describe, expect, it } from "vitest";
import { ALGORITHM_IDS, ALGORITHMS, createEstimator, ModelChoice } from "./catalog";
import { estimatorFromJSON } from "./registry";

describe("algorithm catalog", () => {
  it("validates parameters with defaults and names the field of a bad one", () => {
    expect(ModelChoice.parse({ algorithm: "ridge" })).toEqual({ algorithm: "ridge", params: { alpha: 1, standardize: true } });
    const bad = ModelChoice.safeParse({ algorithm: "gbdt", params: { maxDepth: 40, learningRate: -1 } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["params.learningRate", "learningRate must be > 0"],
      ["params.maxDepth", "maxDepth must be ≤ 16"],
    ]);
    expect(ModelChoice.safeParse({ algorithm: "gbdt", params: { depth: 3 } }).error!.issues[0]!.path).toEqual(["params"]);
    expect(ModelChoice.safeParse({ algorithm: "svm" }).error!.issues[0]!.message).toBe(`algorithm must be one of ${ALGORITHM_IDS.join(", ")}`);
  });

  it("creates the estimator of each algorithm and task, and refuses a task it lacks", () => {
    const kinds = ALGORITHM_IDS.flatMap((id) => ALGORITHMS[id].tasks.map((task) => createEstimator(task, ModelChoice.parse({ algorithm: id })).kind));
    expect(kinds).toEqual([
      "gbdt_regressor", "gbdt_classifier", "random_forest_regressor", "random_forest_classifier", "mlp_regressor", "mlp_classifier",
      "ols", "ridge", "elastic_net", "logistic", "sgd_regressor", "sgd_classifier",
    ]);
    expect(() => createEstimator("regression", ModelChoice.parse({ algorithm: "logistic" }))).toThrow("algorithm logistic does not do regression");
  });

  it("a quantile alpha turns the GBDT into a quantile regressor; every fitted kind restores from JSON", () => {
    const X = [Float64Array.from({ length: 60 }, (_, i) => i)], y = Float64Array.from({ length: 60 }, (_, i) => i % 7);
    const q = createEstimator("regression", ModelChoice.parse({ algorithm: "gbdt", params: { quantileAlpha: 0.9, nEstimators: 5 } })).fit(X, y);
    expect(q.toJSON().params).toMatchObject({ loss: "quantile", alpha: 0.9 });
    const rf = createEstimator("classification", ModelChoice.parse({ algorithm: "random_forest", params: { nEstimators: 3 } })).fit(X, y);
    expect(estimatorFromJSON(rf.toJSON()).predict(X)).toEqual(rf.predict(X));
  });
});

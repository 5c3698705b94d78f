import { describe, expect, test } from "vitest";
import type { StoredFeatureDrift, StoredMetricDrift } from "@/db/schema";
import { driftAlerts, type ReportForAlerts } from "./drift-alerts";

const feature = (name: string, psi: number): StoredFeatureDrift => ({
  name,
  psi,
  psiLevel: psi >= 0.25 ? "alert" : psi >= 0.1 ? "warn" : "ok",
  ks: 0,
  ksPValue: 1,
  wassersteinSigma: 0,
  jensenShannon: 0,
  drifted: psi >= 0.25,
  referenceCount: 100,
  currentCount: 100,
  referenceMissing: 0,
  currentMissing: 0,
});
const metric = (key: string, label: string, current: number, baseline: number, level: StoredMetricDrift["level"]): StoredMetricDrift => ({
  key,
  label,
  current,
  baseline,
  degradation: (current - baseline) / baseline,
  level,
  series: [],
});
/** A report over four features with the given PSIs. */
const report = (psis: number[], performance: ReportForAlerts["performance"] = null): ReportForAlerts => {
  const features = psis.map((p, i) => feature(`f${i}`, p));
  const drifted = features.filter((f) => f.drifted).length;
  return {
    reportId: "r1",
    deployment: { id: "d1", name: "ep" },
    version: { id: "v1", modelId: "m1", model: "m", version: 3 },
    features,
    evaluated: 4,
    drifted,
    driftedShare: drifted / 4,
    datasetDrift: drifted / 4 >= 0.5,
    performance,
  };
};
const sources = { modelId: "m1", versionId: "v1", deploymentId: "d1" };

describe("driftAlerts", () => {
  test("no data set drift, no alert: one feature at PSI 3 (a level feature leaving its range) is only in the report", () => {
    expect(driftAlerts(report([3, 0.2, 0.05, 0]))).toEqual([]);
  });

  test("data set drift is a warning, from three quarters of the features critical; the drifted features by PSI, highest first", () => {
    expect(driftAlerts(report([0.3, 0.9, 0.05, 0]))).toEqual([
      {
        type: "DRIFT",
        severity: "warning",
        title: "Data drift at ep (m v3): 2 of 4 features drifted",
        details: { reportId: "r1", driftedShare: 0.5, features: [{ name: "f1", psi: 0.9 }, { name: "f0", psi: 0.3 }] },
        ...sources,
        key: "data",
      },
    ]);
    expect(driftAlerts(report([0.3, 0.9, 0.25, 0]))[0]!.severity).toBe("critical");
  });

  test("a metric at the alert level raises one critical PERFORMANCE alert naming the worst; warn levels do not", () => {
    const perf = (metrics: StoredMetricDrift[]) => ({ task: "regression" as const, window: 50, realised: 80, skipped: null, metrics });
    expect(driftAlerts(report([0, 0, 0, 0], perf([metric("rmse", "RMSE", 0.0115, 0.01, "warn")])))).toEqual([]);
    const alerts = driftAlerts(report([0, 0, 0, 0], perf([metric("rmse", "RMSE", 0.0125, 0.01, "alert"), metric("directional_accuracy", "Hit rate", 0.5, 0.5, "ok")])));
    expect(alerts).toEqual([
      {
        type: "PERFORMANCE",
        severity: "critical",
        title: "Performance of ep (m v3) degraded: RMSE 0.0125 against 0.0100 in validation (25% worse)",
        details: { reportId: "r1", window: 50, metrics: [{ key: "rmse", label: "RMSE", current: 0.0125, baseline: 0.01, degradation: expect.closeTo(0.25, 12), level: "alert" }] },
        ...sources,
        key: "performance",
      },
    ]);
  });
});

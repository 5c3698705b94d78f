/**
 * Drift on the real S&P 500 daily series (W3 features): the training window 2010–2014 against
 * 2015, against a shifted copy of 2015, and (control) against itself split into alternate rows.
 */
import { describe, expect, test } from "vitest";
import { loadSampleDataset } from "../data/sample-datasets";
import { computeFeatures, W3_SPEC } from "../features/spec";
import { lowerBound } from "../validation/splits";
import { featureDrift } from "./drift";

const spx = loadSampleDataset("spx");
const fm = computeFeatures(W3_SPEC, spx);
const at = (y: number) => lowerBound(spx.time, Date.UTC(y, 0, 1));
const window = (from: number, to: number) => fm.columns.map((c) => c.subarray(at(from), at(to)));

const reference = window(2010, 2015);
const current = window(2015, 2016);
const byName = (r: ReturnType<typeof featureDrift>) => Object.fromEntries(r.features.map((f) => [f.name, f]));

describe("spx W3 features, reference 2010–2014", () => {
  test("the windows hold the expected trading days and no warm-up NaN", () => {
    expect(reference[0]!.length).toBe(1258);
    expect(current[0]!.length).toBe(252);
    const r = featureDrift(reference, current, fm.names);
    expect(r.features.every((f) => f.referenceMissing === 0 && f.currentMissing === 0)).toBe(true);
  });

  test("2015: one- and five-day returns are stable; trend and level features drifted", () => {
    const r = featureDrift(reference, current, fm.names);
    const f = byName(r);
    for (const name of ["logret1", "logret5"]) {
      expect(f[name]!.psiLevel, name).toBe("ok");
      expect(f[name]!.psi, name).toBeLessThan(0.07);
      expect(f[name]!.drifted, name).toBe(false);
    }
    // OBV is a running sum of volume: a level, so it leaves the reference range entirely
    expect(f.obv!.psi).toBeGreaterThan(5);
    expect(f.obv!.ks).toBeGreaterThan(0.85);
    // 2015 was flat after five rising years: momentum and trend features moved
    for (const name of ["rsi14", "macd_line", "macd_signal", "sma20", "logret20"]) expect(f[name]!.drifted, name).toBe(true);
    expect(r.evaluated).toBe(20);
    expect(r.drifted).toBe(12);
    expect(r.datasetDrift).toBe(true);
  });

  test("current × 1.5 + 0.1 drifts every feature", () => {
    const shifted = current.map((c) => c.map((v) => v * 1.5 + 0.1));
    const r = featureDrift(reference, shifted, fm.names);
    expect(r.drifted).toBe(20);
    expect(r.driftedShare).toBe(1);
    expect(r.datasetDrift).toBe(true);
    const f = byName(r);
    // returns are ~0.001 a day: +0.1 moves them far outside the reference range
    expect(f.logret1!.ks).toBeGreaterThan(0.99);
    expect(f.logret1!.wassersteinSigma).toBeGreaterThan(9);
  });

  test("control: alternate rows of the same window do not drift", () => {
    const pick = (parity: number) => reference.map((c) => c.filter((_, i) => i % 2 === parity));
    const r = featureDrift(pick(0), pick(1), fm.names);
    expect(r.drifted).toBe(0);
    expect(r.datasetDrift).toBe(false);
    for (const f of r.features) expect(f.psiLevel, f.name).toBe("ok");
  });
});

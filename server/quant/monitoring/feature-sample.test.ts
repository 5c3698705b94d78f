import { describe, expect, test } from "vitest";
import { loadSampleDataset } from "../data/sample-datasets";
import { computeFeatures, W3_SPEC } from "../features/spec";
import { lowerBound } from "../validation/splits";
import { decodeFeatureSample, encodeFeatureSample, windowFeatureSample } from "./feature-sample";

const spx = loadSampleDataset("spx");
const fm = computeFeatures(W3_SPEC, spx);
const day = (s: string) => Date.parse(`${s}T00:00:00Z`);

describe("windowFeatureSample on spx W3", () => {
  test("2010–2014: every trading day's features, as computed over the whole history (warm at the first row)", () => {
    const s = windowFeatureSample(W3_SPEC, spx, fm.names, { fromMs: day("2010-01-01"), toMs: day("2015-01-01") });
    const a = lowerBound(spx.time, day("2010-01-01")), b = lowerBound(spx.time, day("2015-01-01"));
    expect([s.rows, s.from, s.to]).toEqual([1258, spx.time[a], spx.time[b - 1]]);
    expect(s.columns.map((c) => Array.from(c))).toEqual(fm.columns.map((c) => Array.from(c.subarray(a, b))));
  });

  test("a window starting with the series drops the warm-up rows; maxRows thins evenly; names pick and order columns", () => {
    const s = windowFeatureSample(W3_SPEC, spx, ["logret1", "sma20"], { fromMs: -Infinity, toMs: Infinity }, 100);
    const [logret1, sma20] = [fm.columns[fm.names.indexOf("logret1")]!, fm.columns[fm.names.indexOf("sma20")]!];
    const firstComplete = logret1.findIndex((v, t) => Number.isFinite(v) && Number.isFinite(sma20[t]!));
    expect(firstComplete).toBe(19); // sma20's warm-up
    expect(s.rows).toBe(100);
    expect(s.from).toBe(spx.time[firstComplete]);
    expect([s.columns[0]![0], s.columns[1]![0]]).toEqual([logret1[firstComplete], sma20[firstComplete]]);
  });

  test("refuses a feature the spec does not compute, and a window with no complete row", () => {
    expect(() => windowFeatureSample(W3_SPEC, spx, ["colour"], { fromMs: -Infinity, toMs: Infinity })).toThrow('the feature spec does not compute "colour"');
    expect(() => windowFeatureSample(W3_SPEC, spx, fm.names, { fromMs: day("1900-01-01"), toMs: day("1900-02-01") })).toThrow("no bar from 1900-01-01T00:00:00.000Z to 1900-02-01T00:00:00.000Z has every feature defined");
  });

  test("the stored form round-trips exactly (−0 reads back as 0: JSON has no −0)", () => {
    const s = windowFeatureSample(W3_SPEC, spx, fm.names, { fromMs: day("2014-01-01"), toMs: day("2015-01-01") });
    expect(decodeFeatureSample(encodeFeatureSample(s))).toEqual({ ...s, columns: s.columns.map((c) => c.map((v) => v + 0)) });
    expect(() => decodeFeatureSample(new TextEncoder().encode("{}"))).toThrow("not a drift reference sample");
  });
});

import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { canonicalizeSpec, computeFeatures, specColumnNames, specHash, W1_SPEC, W3_SPEC } from "./spec";
import { FEATURE_IDS, FEATURES, resolveParams } from "./registry";
import { lagDifference, lagDifferenceReference, logReturnReference } from "./returns";
import { spxSeries } from "./testing";

const spx = spxSeries();

/**
 * BENCHMARKS.md W1 reference values on spx: the last three bars (2020-04-15, -16, -17), as the
 * peer (shared/peers, numpy/pandas and trading-signals agree) prints them, 6 decimals.
 */
const W1_LAST3: Record<string, [number, number, number]> = {
  sma20: [2569.773486, 2589.845984, 2613.104492],
  ema12: [2694.453235, 2710.621976, 2735.843219],
  ema26: [2699.637226, 2707.038176, 2719.447204],
  rsi14: [53.609935, 54.281764, 57.362696],
  macd_line: [-5.183991, 3.5838, 16.396015],
  macd_signal: [-61.474278, -48.462663, -35.490927],
  macd_hist: [56.290287, 52.046462, 51.886942],
  bb_middle: [2569.773486, 2589.845984, 2613.104492],
  bb_upper: [2899.124007, 2923.799945, 2958.156598],
  bb_lower: [2240.422966, 2255.892023, 2268.052386],
  atr14: [117.240459, 111.879708, 109.579009],
  obv: [1092196740000, 1097376730000, 1103168870000],
  stoch_k: [83.06213, 87.065972, 98.920642],
  stoch_d: [89.916535, 89.608326, 89.682915],
  adx14: [24.934838, 23.851634, 23.457167],
  cci20: [107.055085, 100.938392, 121.561436],
  willr14: [-16.93787, -12.934028, -1.079358],
  logret1: [-0.022277, 0.0058, 0.026441],
  logret5: [0.045555, 0.017865, 0.029923],
  logret20: [0.09576, 0.154782, 0.176526],
};

describe("W1 on spx", () => {
  const m = computeFeatures(W1_SPEC, spx);
  const n = spx.close.length;
  it("has the 20 W1 outputs", () => {
    expect(m.names).toHaveLength(20);
    expect(new Set(m.names)).toEqual(new Set(Object.keys(W1_LAST3)));
    expect(new Date(spx.time[n - 1]!).toISOString().slice(0, 10)).toBe("2020-04-17");
  });
  it.each(Object.keys(W1_LAST3))("%s matches BENCHMARKS.md / the peer on the last 3 bars (6 decimals)", (name) => {
    const col = m.columns[m.names.indexOf(name)]!;
    W1_LAST3[name]!.forEach((want, k) => {
      const got = col[n - 3 + k]!;
      // 6 decimals; OBV is an integer count of shares, compared exactly
      if (name === "obv") expect(got).toBe(want);
      else expect(Math.abs(got - want), `${name}[${n - 3 + k}] = ${got}`).toBeLessThanOrEqual(5e-7);
    });
  });
});

describe("W3 normalised spec", () => {
  it("divides price levels by close (minus 1) and price-scaled ones by close", () => {
    const raw = computeFeatures(W1_SPEC, spx);
    const norm = computeFeatures(W3_SPEC, spx);
    expect(norm.names).toEqual(raw.names);
    const c = spx.close;
    const last = c.length - 1;
    const get = (m: typeof raw, k: string) => m.columns[m.names.indexOf(k)]![last]!;
    for (const k of ["sma20", "ema12", "ema26", "bb_upper", "bb_middle", "bb_lower"]) expect(get(norm, k)).toBe(get(raw, k) / c[last]! - 1);
    for (const k of ["macd_line", "macd_signal", "macd_hist", "atr14"]) expect(get(norm, k)).toBe(get(raw, k) / c[last]!);
    for (const k of ["rsi14", "obv", "stoch_k", "stoch_d", "adx14", "cci20", "willr14", "logret1", "logret5", "logret20"]) expect(get(norm, k)).toBe(get(raw, k));
    expect(norm.specHash).not.toBe(raw.specHash);
  });
});

describe("computeFeatures into caller buffers", () => {
  it("every kernel overwrites every element: garbage-filled buffers give the same matrix", () => {
    const spec = { version: 1, features: FEATURE_IDS.map((id) => ({ id, normalize: true })) };
    const fresh = computeFeatures(spec, spx);
    const out = fresh.names.map(() => new Float64Array(spx.close.length).fill(12345.678));
    const reused = computeFeatures(spec, spx, out);
    expect(reused.columns.every((c, k) => c === out[k])).toBe(true);
    fresh.columns.forEach((c, k) => expect(reused.columns[k], fresh.names[k]).toEqual(c));
  });
  it("any subset of a feature's outputs equals those columns of the full computation (unwanted ones are null)", () => {
    for (const id of FEATURE_IDS) {
      const def = FEATURES[id]!;
      if (def.outputs.length < 2) continue;
      const full = computeFeatures({ version: 1, features: [{ id }] }, spx);
      for (const o of def.outputs) {
        const one = computeFeatures({ version: 1, features: [{ id, outputs: [o] }] }, spx);
        expect(one.columns[0], `${id}.${o}`).toEqual(full.columns[def.outputs.indexOf(o)]);
      }
    }
  });
  it("fused passes (several log returns; stochastic + Williams %R) equal the kernels one by one, bit for bit", () => {
    const one = (id: string, params: Record<string, number>, k = 0) => {
      const def = FEATURES[id]!;
      const bufs = def.outputs.map(() => new Float64Array(spx.close.length));
      def.compute(spx, { ...resolveParams(def), ...params }, bufs);
      return bufs[k]!;
    };
    const spec = {
      version: 1,
      features: [
        { id: "log_return", params: { period: 5 }, name: "r5" },
        { id: "stochastic", params: { period: 14, d_period: 3 }, name: "st" },
        { id: "log_return", params: { period: 1 }, name: "r1" },
        { id: "williams_r", params: { period: 9 }, name: "w9" },
        { id: "williams_r", params: { period: 14 }, name: "w14" },
        { id: "log_return", params: { period: 20 }, name: "r20" },
        { id: "stochastic", params: { period: 9, d_period: 2 }, outputs: ["d"], name: "sd9" },
      ],
    };
    const m = computeFeatures(spec, spx);
    const col = (name: string) => m.columns[m.names.indexOf(name)]!;
    for (const k of [1, 5, 20]) expect(col(`r${k}`), `r${k}`).toEqual(one("log_return", { period: k }));
    expect(col("st_k")).toEqual(one("stochastic", { period: 14, d_period: 3 }, 0));
    expect(col("st_d")).toEqual(one("stochastic", { period: 14, d_period: 3 }, 1));
    expect(col("w14")).toEqual(one("williams_r", { period: 14 }));
    expect(col("w9")).toEqual(one("williams_r", { period: 9 }));
    expect(col("sd9")).toEqual(one("stochastic", { period: 9, d_period: 2 }, 1));
    // the log returns also equal the reference ln c[t] − ln c[t−k] exactly
    const ref = logReturnReference(spx.close, 5);
    col("r5").forEach((v, i) => expect(Object.is(v, ref[i]), `r5[${i}]`).toBe(true));
  });
  it("rejects buffers of the wrong count or length", () => {
    expect(() => computeFeatures(W1_SPEC, spx, [new Float64Array(spx.close.length)])).toThrow(RangeError);
  });
});

describe("lagDifference", () => {
  it("matches its reference, in place or not, k beyond the length included", () => {
    const x = Float64Array.from(spx.close.subarray(0, 300), Math.log);
    for (const k of [1, 5, 20, 299, 300, 301]) {
      expect(Array.from(lagDifference(x, k)), `k ${k}`).toEqual(lagDifferenceReference(x, k));
      expect(Array.from(lagDifference(x.slice(), k, undefined)), `k ${k}`).toEqual(lagDifferenceReference(x, k));
      const inPlace = x.slice();
      lagDifference(inPlace, k, inPlace);
      expect(Array.from(inPlace), `in place, k ${k}`).toEqual(lagDifferenceReference(x, k));
    }
  });
});

describe("spec validation, canonical form and hash", () => {
  it("hash ignores key order and omitted defaults, changes with content", () => {
    const a = { version: 1, features: [{ id: "sma", params: { window: 20 } }, { id: "macd" }] };
    const b = { features: [{ params: { window: 20 }, id: "sma" }, { params: { signal: 9, slow: 26, fast: 12 }, id: "macd", normalize: false }], version: 1 };
    expect(specHash(a)).toBe(specHash(b));
    expect(specHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(specHash({ version: 1, features: [{ id: "sma", params: { window: 21 } }, { id: "macd" }] })).not.toBe(specHash(a));
    expect(specHash({ version: 1, features: [{ id: "macd" }, { id: "sma", params: { window: 20 } }] })).not.toBe(specHash(a));
    expect(computeFeatures(a, spx).specHash).toBe(specHash(a));
  });
  it("default names: id and parameter values; multi-output suffixes", () => {
    expect(specColumnNames({ version: 1, features: [{ id: "sma" }, { id: "macd" }, { id: "obv" }, { id: "adx", outputs: ["plus_di"] }] }))
      .toEqual(["sma_20", "macd_12_26_9_line", "macd_12_26_9_signal", "macd_12_26_9_hist", "obv", "adx_14"]);
  });
  it("outputs subset keeps registry order", () => {
    expect(canonicalizeSpec({ version: 1, features: [{ id: "bollinger", outputs: ["lower", "upper"] }] }).features[0]!.outputs).toEqual(["upper", "lower"]);
  });
  it.each<[unknown, string]>([
    [{ version: 2, features: [{ id: "sma" }] }, "version"],
    [{ version: 1, features: [] }, "empty"],
    [{ version: 1, features: [{ id: "nope" }] }, "unknown feature"],
    [{ version: 1, features: [{ id: "sma", params: { win: 3 } }] }, "unknown param"],
    [{ version: 1, features: [{ id: "sma", params: { window: 2.5 } }] }, "non-integer"],
    [{ version: 1, features: [{ id: "sma", params: { window: 0 } }] }, "below min"],
    [{ version: 1, features: [{ id: "macd", params: { fast: 30 } }] }, "fast ≥ slow"],
    [{ version: 1, features: [{ id: "macd", outputs: ["nope"] }] }, "unknown output"],
    [{ version: 1, features: [{ id: "sma" }, { id: "sma" }] }, "duplicate column"],
    [{ version: 1, features: [{ id: "sma", extra: 1 }] }, "unknown key"],
    [{ version: 1, features: [{ id: "sma", normalize: "log" }] }, "bad normalize"],
  ])("rejects %j (%s)", (spec: unknown) => {
    expect(() => canonicalizeSpec(spec)).toThrow(ZodError);
  });
});

describe("extra columns in a spec", () => {
  const D = 86_400_000;
  const bars = {
    time: Float64Array.from([0, 1, 2, 3, 4].map((d) => d * D)),
    open: Float64Array.from([10, 11, 12, 13, 14]),
    high: Float64Array.from([11, 12, 13, 14, 15]),
    low: Float64Array.from([9, 10, 11, 12, 13]),
    close: Float64Array.from([11, 12, 13, 14, 15]),
    volume: Float64Array.from([100, 100, 100, 100, 100]),
    extra: { sentiment: Float64Array.from([0.5, NaN, -0.2, NaN, 0.9]) },
  };
  const spec = { version: 1, features: [{ id: "sma", params: { window: 2 } }], extras: ["sentiment"] };

  it("adds each extra as known at the bar: an earlier bar's latest finite value", () => {
    const m = computeFeatures(spec, bars);
    expect(m.names).toEqual(["sma_2", "extra_sentiment"]);
    expect(Array.from(m.columns[1]!)).toEqual([NaN, 0.5, 0.5, -0.2, -0.2]);
    expect(specColumnNames(spec)).toEqual(m.names);
  });

  it("keeps the hash of specs without extras, and changes it with them", () => {
    const plain = { version: 1, features: [{ id: "sma", params: { window: 2 } }] };
    expect(specHash({ ...plain, extras: [] })).toBe(specHash(plain));
    expect(specHash(spec)).not.toBe(specHash(plain));
  });

  it("names a missing extra column", () => {
    expect(() => computeFeatures({ ...spec, extras: ["pe_ratio"] }, bars)).toThrow('the data has no extra column "pe_ratio" (has: sentiment)');
  });
});

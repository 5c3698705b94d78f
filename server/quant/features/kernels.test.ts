/**
 * Every registered kernel against its plain reference on the real spx series (5,105 bars), at
 * relative tolerance 1e-9 (running sums and fused loops round differently from the references),
 * with default parameters and with a second, shorter parameter set; plus warm-up NaN rules.
 */
import { describe, expect, it } from "vitest";
import { FEATURES, FEATURE_IDS, type FeatureDef, type Params, resolveParams } from "./registry";
import { expectClose, spxSeries } from "./testing";

const spx = spxSeries();
const n = spx.close.length;

function run(def: FeatureDef, p: Params): Float64Array[] {
  const out = def.outputs.map(() => new Float64Array(n));
  def.compute(spx, p, out);
  return out;
}

/** Shorter windows: every integer parameter halved (not below its minimum). */
function altParams(def: FeatureDef): Params {
  const p = resolveParams(def);
  for (const [k, pd] of Object.entries(def.params)) {
    if (pd.integer) p[k] = Math.max(pd.min, Math.round(pd.default / 2));
  }
  if (def.id === "macd" || def.id === "ppo") p.slow = Math.max(p.slow!, p.fast! + 1);
  return p;
}

describe("registry", () => {
  it("has at least 40 features with consistent metadata", () => {
    expect(FEATURE_IDS.length).toBeGreaterThanOrEqual(40);
    for (const id of FEATURE_IDS) {
      const d = FEATURES[id]!;
      expect(d.normalize.length, id).toBe(d.outputs.length);
      expect(d.warmup(resolveParams(d)).length, id).toBe(d.outputs.length);
      expect(new Set(d.outputs).size, id).toBe(d.outputs.length);
      expect(id).toMatch(/^[a-z][a-z0-9_]*$/);
    }
  });
});

describe.each(FEATURE_IDS)("%s", (id) => {
  const def = FEATURES[id]!;
  it("matches its reference on spx (default params, rel 1e-9)", () => {
    const p = resolveParams(def);
    const got = run(def, p);
    const ref = def.reference(spx, p);
    def.outputs.forEach((name, k) => expectClose(got[k]!, ref[k]!, 1e-9, `${id}.${name}`));
  });
  it("matches its reference on spx (shorter params, rel 1e-9)", () => {
    const p = altParams(def);
    const got = run(def, p);
    const ref = def.reference(spx, p);
    def.outputs.forEach((name, k) => expectClose(got[k]!, ref[k]!, 1e-9, `${id}.${name}`));
  });
  it("is NaN exactly during its warm-up and finite after it on spx", () => {
    const p = resolveParams(def);
    const got = run(def, p);
    const wu = def.warmup(p);
    def.outputs.forEach((name, k) => {
      const col = got[k]!;
      for (let i = 0; i < wu[k]!; i++) expect(col[i], `${id}.${name}[${i}]`).toBeNaN();
      for (let i = wu[k]!; i < n; i++) if (!Number.isFinite(col[i]!)) throw new Error(`${id}.${name}[${i}] = ${col[i]}`);
    });
  });
  it("handles series shorter than its warm-up (all NaN, no throw)", () => {
    const p = resolveParams(def);
    const short = { time: spx.time.slice(0, 3), open: spx.open.slice(0, 3), high: spx.high.slice(0, 3),
      low: spx.low.slice(0, 3), close: spx.close.slice(0, 3), volume: spx.volume.slice(0, 3) };
    const out = def.outputs.map(() => new Float64Array(3));
    def.compute(short, p, out);
    const wu = def.warmup(p);
    out.forEach((col, k) => {
      for (let i = 0; i < Math.min(3, wu[k]!); i++) expect(col[i]).toBeNaN();
    });
  });
});

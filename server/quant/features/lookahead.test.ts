/**
 * No look-ahead (DESIGN.md "Rules of research validity"): for EVERY registered feature and for
 * the W1/W3 pipelines, perturb every bar after t (prices, volume and timestamps, keeping OHLC
 * consistent) and assert that every value at bars ≤ t is bit-identical, for several t.
 */
import { describe, expect, it } from "vitest";
import type { OhlcvColumns } from "@/server/quant/data/ohlcv";
import { SeededRandom } from "@/server/quant/data/random";
import { FEATURES, FEATURE_IDS, resolveParams } from "./registry";
import { computeFeatures, W1_SPEC, W3_SPEC } from "./spec";
import { spxSeries } from "./testing";

const spx = spxSeries();
const n = spx.close.length;
const CUTS = [0, 1, 2, 13, 27, 60, 77, 1000, 2500, n - 2];

/** A copy of `s` whose bars after `t` are replaced by a different, still valid, random walk. */
function perturbAfter(s: OhlcvColumns, t: number, seed: number): OhlcvColumns {
  const rng = new SeededRandom(seed);
  const p: OhlcvColumns = {
    time: s.time.slice(), open: s.open.slice(), high: s.high.slice(),
    low: s.low.slice(), close: s.close.slice(), volume: s.volume.slice(),
  };
  for (let i = t + 1; i < p.close.length; i++) {
    const o = p.close[i - 1]! * Math.exp(0.02 * rng.normal());
    const c = o * Math.exp(0.03 * rng.normal());
    p.open[i] = o;
    p.close[i] = c;
    p.high[i] = Math.max(o, c) * (1 + 0.01 * rng.uniform());
    p.low[i] = Math.min(o, c) * (1 - 0.01 * rng.uniform());
    p.volume[i] = 1e6 * (1 + 9 * rng.uniform());
    p.time[i] = s.time[i]! + 86_400_000 * (1 + rng.int(3));
  }
  return p;
}

function sameUpTo(a: Float64Array, b: Float64Array, t: number): number {
  for (let i = 0; i <= t; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

describe.each(FEATURE_IDS)("no look-ahead: %s", (id) => {
  const def = FEATURES[id]!;
  it("values at bars ≤ t are bit-identical when bars > t change", () => {
    const p = resolveParams(def);
    const base = def.outputs.map(() => new Float64Array(n));
    def.compute(spx, p, base);
    for (const t of CUTS) {
      const q = perturbAfter(spx, t, 1000 + t);
      const out = def.outputs.map(() => new Float64Array(n));
      def.compute(q, p, out);
      def.outputs.forEach((name, k) => {
        expect(sameUpTo(base[k]!, out[k]!, t), `${id}.${name}, cut at ${t}`).toBe(-1);
        // the perturbation must be visible somewhere after t (else the test proves nothing)
        if (t < n - 40 && id !== "day_of_week" && id !== "month" && id !== "day_of_month") {
          expect(sameUpTo(base[k]!, out[k]!, n - 1), `${id}.${name} ignores the perturbation`).not.toBe(-1);
        }
      });
    }
  });
});

describe("no look-ahead: pipelines", () => {
  it.each([["W1", W1_SPEC], ["W3", W3_SPEC]] as const)("%s spec", (_name, spec) => {
    const base = computeFeatures(spec, spx);
    for (const t of CUTS) {
      const m = computeFeatures(spec, perturbAfter(spx, t, 7 + t));
      base.columns.forEach((col, k) => expect(sameUpTo(col, m.columns[k]!, t), `${base.names[k]} cut ${t}`).toBe(-1));
    }
  });
});

describe("the no-look-ahead check has teeth", () => {
  it("catches a centred moving average (uses bar t + 1)", () => {
    const leaky = (c: Float64Array) => {
      const out = new Float64Array(c.length).fill(NaN);
      for (let i = 1; i + 1 < c.length; i++) out[i] = (c[i - 1]! + c[i]! + c[i + 1]!) / 3;
      return out;
    };
    const base = leaky(spx.close);
    for (const t of [13, 1000]) expect(sameUpTo(base, leaky(perturbAfter(spx, t, 3).close), t)).toBe(t);
  });
});

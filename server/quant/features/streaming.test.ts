/**
 * Streaming = batch: every streaming feature fed the whole spx series bar by bar agrees with its
 * batch kernel at every bar (1e-9 relative), including sequences of `revise` calls before each
 * `update`; a revised (provisional) bar gives the batch value of the series ending with that
 * provisional bar; and the W1/W3 pipelines stream to the same matrix as `computeFeatures`.
 */
import { describe, expect, it } from "vitest";
import type { OhlcvColumns } from "@/server/quant/data/ohlcv";
import { sliceOhlcv } from "@/server/quant/data/ohlcv";
import { SeededRandom } from "@/server/quant/data/random";
import { FEATURE_IDS, FEATURES, resolveParams } from "./registry";
import { computeFeatures, W1_SPEC, W3_SPEC } from "./spec";
import { type Bar, createStreamingFeature, STREAMING, StreamingPipeline } from "./streaming";
import { expectClose, spxSeries } from "./testing";

const spx = spxSeries();
const n = spx.close.length;
const REL = 1e-9;

const barAt = (s: OhlcvColumns, i: number): Bar => ({
  time: s.time[i]!, open: s.open[i]!, high: s.high[i]!, low: s.low[i]!, close: s.close[i]!, volume: s.volume[i]!,
});

/** A plausible provisional version of bar i (the bar still forming). */
function provisional(b: Bar, rng: SeededRandom): Bar {
  const close = b.open * Math.exp(0.01 * rng.normal());
  return {
    ...b,
    close,
    high: Math.max(b.open, close) * (1 + 0.003 * rng.uniform()),
    low: Math.min(b.open, close) * (1 - 0.003 * rng.uniform()),
    volume: b.volume * rng.uniform(),
  };
}

function close(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return Math.abs(a - b) <= REL * Math.max(1, Math.abs(b));
}

function batch(id: string, s: OhlcvColumns): Float64Array[] {
  const def = FEATURES[id]!;
  const out = def.outputs.map(() => new Float64Array(s.close.length));
  def.compute(s, resolveParams(def), out);
  return out;
}

const STREAM_IDS = Object.keys(STREAMING);
const W1_IDS = ["sma", "ema", "rsi", "macd", "bollinger", "atr", "obv", "stochastic", "adx", "cci", "williams_r", "log_return"];

it("streams every feature the W1 outputs need, and every registry feature", () => {
  for (const id of W1_IDS) expect(STREAM_IDS).toContain(id);
  expect([...STREAM_IDS].sort()).toEqual([...FEATURE_IDS].sort());
});

describe.each(STREAM_IDS)("streaming %s", (id) => {
  const def = FEATURES[id]!;
  const want = batch(id, spx);

  it("update() over the whole spx series equals the batch kernel at every bar", () => {
    const f = createStreamingFeature(id);
    for (let i = 0; i < n; i++) {
      const v = f.update(barAt(spx, i));
      for (let k = 0; k < def.outputs.length; k++) {
        if (!close(v[k]!, want[k]![i]!)) throw new Error(`${id}.${def.outputs[k]} at ${i}: ${v[k]} vs ${want[k]![i]}`);
      }
    }
  });

  it("revise() never disturbs the committed state, and equals the batch value of the provisional series", () => {
    const rng = new SeededRandom(99);
    const f = createStreamingFeature(id);
    const checkAt = new Set([0, 1, 2, 5, 13, 14, 15, 19, 20, 26, 27, 28, 40, 100, 1000, n - 1]);
    for (let i = 0; i < n; i++) {
      const real = barAt(spx, i);
      const revisions = checkAt.has(i) ? 3 : i % 7 === 0 ? 1 : 0;
      for (let r = 0; r < revisions; r++) {
        const p = provisional(real, rng);
        const v = Float64Array.from(f.revise(p));
        if (checkAt.has(i)) {
          // batch over bars 0..i−1 plus the provisional bar i
          const s = sliceOhlcv(spx, 0, i + 1);
          const t: OhlcvColumns = {
            time: s.time.slice(), open: s.open.slice(), high: s.high.slice(),
            low: s.low.slice(), close: s.close.slice(), volume: s.volume.slice(),
          };
          t.open[i] = p.open; t.high[i] = p.high; t.low[i] = p.low; t.close[i] = p.close; t.volume[i] = p.volume;
          const b = batch(id, t);
          for (let k = 0; k < def.outputs.length; k++) {
            if (!close(v[k]!, b[k]![i]!)) throw new Error(`${id}.${def.outputs[k]} revise at ${i}: ${v[k]} vs ${b[k]![i]}`);
          }
        }
      }
      const v = f.update(real);
      for (let k = 0; k < def.outputs.length; k++) {
        if (!close(v[k]!, want[k]![i]!)) throw new Error(`${id}.${def.outputs[k]} update after revise at ${i}: ${v[k]} vs ${want[k]![i]}`);
      }
    }
  });
});

describe("streaming pipelines", () => {
  it.each([["W1", W1_SPEC], ["W3", W3_SPEC]] as const)("%s streams to the computeFeatures matrix (with revisions)", (_n, spec) => {
    const m = computeFeatures(spec, spx);
    const p = new StreamingPipeline(spec);
    expect(p.names).toEqual(m.names);
    const rng = new SeededRandom(5);
    const got = m.names.map(() => new Float64Array(n));
    for (let i = 0; i < n; i++) {
      if (i % 3 === 0) p.revise(provisional(barAt(spx, i), rng));
      const row = p.update(barAt(spx, i));
      for (let k = 0; k < row.length; k++) got[k]![i] = row[k]!;
    }
    m.columns.forEach((col, k) => expectClose(got[k]!, col, REL, m.names[k]));
  });
  it("a spec with every registry feature (normalised) streams to computeFeatures", () => {
    const spec = { version: 1, features: FEATURE_IDS.map((id) => ({ id, normalize: true })) };
    const m = computeFeatures(spec, spx);
    const p = new StreamingPipeline(spec);
    const rng = new SeededRandom(6);
    const got = m.names.map(() => new Float64Array(n));
    for (let i = 0; i < n; i++) {
      if (i % 2 === 0) p.revise(provisional(barAt(spx, i), rng));
      const row = p.update(barAt(spx, i));
      for (let k = 0; k < row.length; k++) got[k]![i] = row[k]!;
    }
    m.columns.forEach((col, k) => expectClose(got[k]!, col, REL, m.names[k]));
  });
  it("unknown ids are refused", () => {
    expect(() => createStreamingFeature("nope")).toThrow(/no streaming/);
  });
});

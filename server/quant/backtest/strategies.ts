/**
 * Signal strategies: each turns bars into a target-side signal (+1 long, −1 short, 0 flat)
 * known at bar t's close, for the engine to act on at bar t+1's open. Uses bars ≤ t only.
 */
import { z } from "zod";
import type { OhlcvColumns } from "../data/ohlcv";
import { rsi } from "../features/momentum";
import { sma } from "../features/moving-averages";

const period = (def: number, max = 500) => z.number().int().min(1).max(max).default(def);

export const StrategySpec = z.discriminatedUnion("kind", [
  z
    .object({ kind: z.literal("sma_crossover"), fast: period(10), slow: period(50, 1000) })
    .refine((s) => s.fast < s.slow, { message: "fast must be shorter than slow", path: ["fast"] }),
  z
    .object({
      kind: z.literal("rsi_threshold"),
      period: period(14),
      /** Long when RSI < lower (oversold). */
      lower: z.number().min(0).max(100).default(30),
      /** Short when RSI > upper (overbought). */
      upper: z.number().min(0).max(100).default(70),
    })
    .refine((s) => s.lower < s.upper, { message: "lower must be below upper", path: ["lower"] }),
]);
export type StrategySpecInput = z.input<typeof StrategySpec>;
export type StrategySpecParsed = z.output<typeof StrategySpec>;

/** +1 when SMA_fast > SMA_slow, −1 below, 0 when equal or before both exist (W2b's rule). */
export function smaCrossoverSignal(close: Float64Array, fast: number, slow: number, out = new Float64Array(close.length)) {
  const f = sma(close, fast);
  const s = sma(close, slow);
  for (let i = 0; i < close.length; i++) {
    const a = f[i]!, b = s[i]!;
    out[i] = Number.isNaN(a) || Number.isNaN(b) ? 0 : a > b ? 1 : a < b ? -1 : 0;
  }
  return out;
}

/** Mean reversion on RSI: +1 below `lower`, −1 above `upper`, otherwise hold the previous side
 * (0 before the first crossing and during the RSI warm-up). */
export function rsiThresholdSignal(close: Float64Array, period: number, lower: number, upper: number, out = new Float64Array(close.length)) {
  const r = rsi(close, period);
  let side = 0;
  for (let i = 0; i < close.length; i++) {
    const v = r[i]!;
    if (v < lower) side = 1;
    else if (v > upper) side = -1;
    out[i] = side;
  }
  return out;
}

export function strategySignal(spec: StrategySpecParsed, s: OhlcvColumns): Float64Array {
  switch (spec.kind) {
    case "sma_crossover":
      return smaCrossoverSignal(s.close, spec.fast, spec.slow);
    case "rsi_threshold":
      return rsiThresholdSignal(s.close, spec.period, spec.lower, spec.upper);
  }
}

/** A readable statement of the strategy, for titles and reports. */
export function describeStrategy(spec: StrategySpecParsed): string {
  return spec.kind === "sma_crossover"
    ? `SMA crossover ${spec.fast}/${spec.slow}`
    : `RSI(${spec.period}) < ${spec.lower} long, > ${spec.upper} short`;
}

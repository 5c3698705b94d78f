/**
 * The feature registry: every feature a spec can name, with a stable id, its parameters
 * (defaults and ranges), its outputs, the OHLCV inputs it reads, how each output is normalised,
 * its warm-up (leading NaN bars per output on finite data), the batch kernel and the plain
 * reference the tests compare it with. Feature specs (`spec.ts`) refer to these ids; changing
 * an id, a parameter name or an output name changes what a stored spec means, so don't.
 *
 * Normalisation kinds: `price` = a price level, normalised as x/close − 1; `price_scale` = a
 * price difference or range, normalised as x/close; `none` = already scale-free.
 */
import type { OhlcvColumns, OhlcvField } from "@/server/quant/data/ohlcv";
import { dayOfMonth, dayOfMonthReference, dayOfWeek, dayOfWeekReference, month, monthReference } from "./calendar";
import { bollinger, bollingerReference, donchian, donchianReference, keltner, keltnerReference } from "./channels";
import {
  cci, cciReference, cmo, cmoReference, macd, macdReference, momentum, momentumReference, ppo, ppoReference, roc,
  rocReference, rsi, rsiReference, stochastic, stochasticReference, trix, trixReference, williamsR, williamsRReference,
} from "./momentum";
import {
  dema, demaReference, ema, emaReference, sma, smaReference, tema, temaReference, wma, wmaReference,
} from "./moving-averages";
import {
  gap, gapReference, hlRange, hlRangeReference, laggedReturn, laggedReturnReference, logReturn, logReturnReference,
  simpleReturn, simpleReturnReference,
} from "./returns";
import {
  adx, adxReference, aroon, aroonReference, efficiencyRatio, efficiencyRatioReference, ichimoku, ichimokuReference,
  psar, psarReference,
} from "./trend";
import {
  atr, atrReference, natr, natrReference, parkinsonVolatility, parkinsonVolatilityReference, trueRange,
  trueRangeReference, volatility, volatilityReference, zscore, zscoreReference,
} from "./volatility";
import {
  adLine, adLineReference, cmf, cmfReference, forceIndex, forceIndexReference, mfi, mfiReference, obv, obvReference,
  volumeRatio, volumeRatioReference, vwap, vwapReference,
} from "./volume";

export const NORMALIZE_KINDS = ["price", "price_scale", "none"] as const;
export type NormalizeKind = (typeof NORMALIZE_KINDS)[number];

export interface ParamDef {
  default: number;
  min: number;
  max?: number;
  integer: boolean;
}

export type Params = Record<string, number>;

export interface FeatureDef {
  id: string;
  label: string;
  group: "moving-averages" | "momentum" | "volatility" | "channels" | "volume" | "trend" | "returns" | "calendar";
  inputs: readonly OhlcvField[];
  /** Parameter names in a fixed order (the order of default column prefixes). */
  params: Readonly<Record<string, ParamDef>>;
  outputs: readonly string[];
  /** Per output. */
  normalize: readonly NormalizeKind[];
  /** Leading NaN bars per output on finite data. */
  warmup: (p: Params) => number[];
  /**
   * Writes every output into `out` (one buffer per output, each of the series' length), every
   * element of it (callers may pass uninitialised memory). An entry may be `null`: that output
   * is not wanted; kernels that can skip it do, the others get a scratch buffer (at least one
   * entry is non-null).
   */
  compute: (s: OhlcvColumns, p: Params, out: readonly (Float64Array | null)[]) => void;
  /** Plain reference implementation, one array per output. */
  reference: (s: OhlcvColumns, p: Params) => ArrayLike<number>[];
}

const int = (def: number, min = 1, max?: number): ParamDef => ({ default: def, min, max, integer: true });
const real = (def: number, min = 0, max?: number): ParamDef => ({ default: def, min, max, integer: false });
/** Output buffer `i`, or a scratch buffer of the series' length when that output is not wanted (`null`). */
const o = (i: number, out: readonly (Float64Array | null)[]): Float64Array =>
  out[i] ?? new Float64Array(out.find((b) => b !== null)!.length);
const rep = <T>(k: number, v: T): T[] => Array.from({ length: k }, () => v);

const defs: FeatureDef[] = [
  // ---------------------------------------------------------------- moving averages
  {
    id: "sma", label: "Simple moving average", group: "moving-averages", inputs: ["close"],
    params: { window: int(20) }, outputs: ["value"], normalize: ["price"],
    warmup: (p) => [p.window! - 1],
    compute: (s, p, out) => void sma(s.close, p.window!, o(0, out)),
    reference: (s, p) => [smaReference(s.close, p.window!)],
  },
  {
    id: "ema", label: "Exponential moving average", group: "moving-averages", inputs: ["close"],
    params: { span: int(12) }, outputs: ["value"], normalize: ["price"],
    warmup: () => [0],
    compute: (s, p, out) => void ema(s.close, p.span!, o(0, out)),
    reference: (s, p) => [emaReference(s.close, p.span!)],
  },
  {
    id: "wma", label: "Weighted moving average", group: "moving-averages", inputs: ["close"],
    params: { window: int(20) }, outputs: ["value"], normalize: ["price"],
    warmup: (p) => [p.window! - 1],
    compute: (s, p, out) => void wma(s.close, p.window!, o(0, out)),
    reference: (s, p) => [wmaReference(s.close, p.window!)],
  },
  {
    id: "dema", label: "Double EMA", group: "moving-averages", inputs: ["close"],
    params: { span: int(20) }, outputs: ["value"], normalize: ["price"],
    warmup: () => [0],
    compute: (s, p, out) => void dema(s.close, p.span!, o(0, out)),
    reference: (s, p) => [demaReference(s.close, p.span!)],
  },
  {
    id: "tema", label: "Triple EMA", group: "moving-averages", inputs: ["close"],
    params: { span: int(20) }, outputs: ["value"], normalize: ["price"],
    warmup: () => [0],
    compute: (s, p, out) => void tema(s.close, p.span!, o(0, out)),
    reference: (s, p) => [temaReference(s.close, p.span!)],
  },
  // ---------------------------------------------------------------- momentum
  {
    id: "rsi", label: "Relative strength index (Wilder)", group: "momentum", inputs: ["close"],
    params: { period: int(14) }, outputs: ["value"], normalize: ["none"],
    warmup: (p) => [p.period!],
    compute: (s, p, out) => void rsi(s.close, p.period!, o(0, out)),
    reference: (s, p) => [rsiReference(s.close, p.period!)],
  },
  {
    id: "macd", label: "MACD", group: "momentum", inputs: ["close"],
    params: { fast: int(12), slow: int(26), signal: int(9) }, outputs: ["line", "signal", "hist"],
    normalize: rep(3, "price_scale"),
    warmup: () => [0, 0, 0],
    compute: (s, p, out) => void macd(s.close, p.fast!, p.slow!, p.signal!, o(0, out), o(1, out), o(2, out)),
    reference: (s, p) => {
      const r = macdReference(s.close, p.fast!, p.slow!, p.signal!);
      return [r.line, r.signal, r.hist];
    },
  },
  {
    id: "ppo", label: "Percentage price oscillator", group: "momentum", inputs: ["close"],
    params: { fast: int(12), slow: int(26) }, outputs: ["value"], normalize: ["none"],
    warmup: () => [0],
    compute: (s, p, out) => void ppo(s.close, p.fast!, p.slow!, o(0, out)),
    reference: (s, p) => [ppoReference(s.close, p.fast!, p.slow!)],
  },
  {
    id: "stochastic", label: "Stochastic oscillator", group: "momentum", inputs: ["high", "low", "close"],
    params: { period: int(14), d_period: int(3) }, outputs: ["k", "d"], normalize: ["none", "none"],
    warmup: (p) => [p.period! - 1, p.period! + p.d_period! - 2],
    compute: (s, p, out) => void stochastic(s.high, s.low, s.close, p.period!, p.d_period!, o(0, out), o(1, out)),
    reference: (s, p) => {
      const r = stochasticReference(s.high, s.low, s.close, p.period!, p.d_period!);
      return [r.k, r.d];
    },
  },
  {
    id: "williams_r", label: "Williams %R", group: "momentum", inputs: ["high", "low", "close"],
    params: { period: int(14) }, outputs: ["value"], normalize: ["none"],
    warmup: (p) => [p.period! - 1],
    compute: (s, p, out) => void williamsR(s.high, s.low, s.close, p.period!, o(0, out)),
    reference: (s, p) => [williamsRReference(s.high, s.low, s.close, p.period!)],
  },
  {
    id: "cci", label: "Commodity channel index", group: "momentum", inputs: ["high", "low", "close"],
    params: { period: int(20) }, outputs: ["value"], normalize: ["none"],
    warmup: (p) => [p.period! - 1],
    compute: (s, p, out) => void cci(s.high, s.low, s.close, p.period!, o(0, out)),
    reference: (s, p) => [cciReference(s.high, s.low, s.close, p.period!)],
  },
  {
    id: "roc", label: "Rate of change (%)", group: "momentum", inputs: ["close"],
    params: { period: int(10) }, outputs: ["value"], normalize: ["none"],
    warmup: (p) => [p.period!],
    compute: (s, p, out) => void roc(s.close, p.period!, o(0, out)),
    reference: (s, p) => [rocReference(s.close, p.period!)],
  },
  {
    id: "momentum", label: "Momentum (price change)", group: "momentum", inputs: ["close"],
    params: { period: int(10) }, outputs: ["value"], normalize: ["price_scale"],
    warmup: (p) => [p.period!],
    compute: (s, p, out) => void momentum(s.close, p.period!, o(0, out)),
    reference: (s, p) => [momentumReference(s.close, p.period!)],
  },
  {
    id: "cmo", label: "Chande momentum oscillator", group: "momentum", inputs: ["close"],
    params: { period: int(14) }, outputs: ["value"], normalize: ["none"],
    warmup: (p) => [p.period!],
    compute: (s, p, out) => void cmo(s.close, p.period!, o(0, out)),
    reference: (s, p) => [cmoReference(s.close, p.period!)],
  },
  {
    id: "trix", label: "TRIX", group: "momentum", inputs: ["close"],
    params: { span: int(15) }, outputs: ["value"], normalize: ["none"],
    warmup: () => [1],
    compute: (s, p, out) => void trix(s.close, p.span!, o(0, out)),
    reference: (s, p) => [trixReference(s.close, p.span!)],
  },
  // ---------------------------------------------------------------- volatility
  {
    id: "true_range", label: "True range", group: "volatility", inputs: ["high", "low", "close"],
    params: {}, outputs: ["value"], normalize: ["price_scale"],
    warmup: () => [1],
    compute: (s, _p, out) => void trueRange(s.high, s.low, s.close, o(0, out)),
    reference: (s) => [trueRangeReference(s.high, s.low, s.close)],
  },
  {
    id: "atr", label: "Average true range (Wilder)", group: "volatility", inputs: ["high", "low", "close"],
    params: { period: int(14) }, outputs: ["value"], normalize: ["price_scale"],
    warmup: (p) => [p.period!],
    compute: (s, p, out) => void atr(s.high, s.low, s.close, p.period!, o(0, out)),
    reference: (s, p) => [atrReference(s.high, s.low, s.close, p.period!)],
  },
  {
    id: "natr", label: "Normalised ATR (%)", group: "volatility", inputs: ["high", "low", "close"],
    params: { period: int(14) }, outputs: ["value"], normalize: ["none"],
    warmup: (p) => [p.period!],
    compute: (s, p, out) => void natr(s.high, s.low, s.close, p.period!, o(0, out)),
    reference: (s, p) => [natrReference(s.high, s.low, s.close, p.period!)],
  },
  {
    id: "volatility", label: "Rolling volatility of log returns", group: "volatility", inputs: ["close"],
    params: { window: int(20, 2) }, outputs: ["value"], normalize: ["none"],
    warmup: (p) => [p.window!],
    compute: (s, p, out) => void volatility(s.close, p.window!, o(0, out)),
    reference: (s, p) => [volatilityReference(s.close, p.window!)],
  },
  {
    id: "parkinson_volatility", label: "Parkinson volatility", group: "volatility", inputs: ["high", "low"],
    params: { window: int(20) }, outputs: ["value"], normalize: ["none"],
    warmup: (p) => [p.window! - 1],
    compute: (s, p, out) => void parkinsonVolatility(s.high, s.low, p.window!, o(0, out)),
    reference: (s, p) => [parkinsonVolatilityReference(s.high, s.low, p.window!)],
  },
  {
    id: "zscore", label: "Z-score of close", group: "volatility", inputs: ["close"],
    params: { window: int(20, 2) }, outputs: ["value"], normalize: ["none"],
    warmup: (p) => [p.window! - 1],
    compute: (s, p, out) => void zscore(s.close, p.window!, o(0, out)),
    reference: (s, p) => [zscoreReference(s.close, p.window!)],
  },
  // ---------------------------------------------------------------- channels
  {
    id: "bollinger", label: "Bollinger bands (population std)", group: "channels", inputs: ["close"],
    params: { window: int(20), mult: real(2) }, outputs: ["upper", "middle", "lower"], normalize: rep(3, "price"),
    warmup: (p) => rep(3, p.window! - 1),
    compute: (s, p, out) => void bollinger(s.close, p.window!, p.mult!, o(0, out), o(1, out), o(2, out)),
    reference: (s, p) => {
      const r = bollingerReference(s.close, p.window!, p.mult!);
      return [r.upper, r.middle, r.lower];
    },
  },
  {
    id: "keltner", label: "Keltner channels", group: "channels", inputs: ["high", "low", "close"],
    params: { span: int(20), mult: real(2), atr_period: int(10) }, outputs: ["upper", "middle", "lower"],
    normalize: rep(3, "price"),
    warmup: (p) => [p.atr_period!, 0, p.atr_period!],
    compute: (s, p, out) =>
      void keltner(s.high, s.low, s.close, p.span!, p.mult!, p.atr_period!, o(0, out), o(1, out), o(2, out)),
    reference: (s, p) => {
      const r = keltnerReference(s.high, s.low, s.close, p.span!, p.mult!, p.atr_period!);
      return [r.upper, r.middle, r.lower];
    },
  },
  {
    id: "donchian", label: "Donchian channels", group: "channels", inputs: ["high", "low"],
    params: { window: int(20) }, outputs: ["upper", "middle", "lower"], normalize: rep(3, "price"),
    warmup: (p) => rep(3, p.window! - 1),
    compute: (s, p, out) => void donchian(s.high, s.low, p.window!, o(0, out), o(1, out), o(2, out)),
    reference: (s, p) => {
      const r = donchianReference(s.high, s.low, p.window!);
      return [r.upper, r.middle, r.lower];
    },
  },
  // ---------------------------------------------------------------- volume
  {
    id: "obv", label: "On-balance volume", group: "volume", inputs: ["close", "volume"],
    params: {}, outputs: ["value"], normalize: ["none"],
    warmup: () => [0],
    compute: (s, _p, out) => void obv(s.close, s.volume, o(0, out)),
    reference: (s) => [obvReference(s.close, s.volume)],
  },
  {
    id: "ad_line", label: "Accumulation/distribution line", group: "volume", inputs: ["high", "low", "close", "volume"],
    params: {}, outputs: ["value"], normalize: ["none"],
    warmup: () => [0],
    compute: (s, _p, out) => void adLine(s.high, s.low, s.close, s.volume, o(0, out)),
    reference: (s) => [adLineReference(s.high, s.low, s.close, s.volume)],
  },
  {
    id: "vwap", label: "Rolling VWAP", group: "volume", inputs: ["high", "low", "close", "volume"],
    params: { window: int(20) }, outputs: ["value"], normalize: ["price"],
    warmup: (p) => [p.window! - 1],
    compute: (s, p, out) => void vwap(s.high, s.low, s.close, s.volume, p.window!, o(0, out)),
    reference: (s, p) => [vwapReference(s.high, s.low, s.close, s.volume, p.window!)],
  },
  {
    id: "mfi", label: "Money flow index", group: "volume", inputs: ["high", "low", "close", "volume"],
    params: { period: int(14) }, outputs: ["value"], normalize: ["none"],
    warmup: (p) => [p.period!],
    compute: (s, p, out) => void mfi(s.high, s.low, s.close, s.volume, p.period!, o(0, out)),
    reference: (s, p) => [mfiReference(s.high, s.low, s.close, s.volume, p.period!)],
  },
  {
    id: "cmf", label: "Chaikin money flow", group: "volume", inputs: ["high", "low", "close", "volume"],
    params: { window: int(20) }, outputs: ["value"], normalize: ["none"],
    warmup: (p) => [p.window! - 1],
    compute: (s, p, out) => void cmf(s.high, s.low, s.close, s.volume, p.window!, o(0, out)),
    reference: (s, p) => [cmfReference(s.high, s.low, s.close, s.volume, p.window!)],
  },
  {
    id: "force_index", label: "Force index", group: "volume", inputs: ["close", "volume"],
    params: { span: int(13) }, outputs: ["value"], normalize: ["none"],
    warmup: () => [1],
    compute: (s, p, out) => void forceIndex(s.close, s.volume, p.span!, o(0, out)),
    reference: (s, p) => [forceIndexReference(s.close, s.volume, p.span!)],
  },
  {
    id: "volume_ratio", label: "Volume / its SMA", group: "volume", inputs: ["volume"],
    params: { window: int(20) }, outputs: ["value"], normalize: ["none"],
    warmup: (p) => [p.window! - 1],
    compute: (s, p, out) => void volumeRatio(s.volume, p.window!, o(0, out)),
    reference: (s, p) => [volumeRatioReference(s.volume, p.window!)],
  },
  // ---------------------------------------------------------------- trend
  {
    id: "adx", label: "ADX with ±DI (Wilder)", group: "trend", inputs: ["high", "low", "close"],
    params: { period: int(14) }, outputs: ["adx", "plus_di", "minus_di"], normalize: rep(3, "none"),
    warmup: (p) => [2 * p.period! - 1, p.period!, p.period!],
    compute: (s, p, out) => void adx(s.high, s.low, s.close, p.period!, o(0, out), out[1] ?? null, out[2] ?? null),
    reference: (s, p) => {
      const r = adxReference(s.high, s.low, s.close, p.period!);
      return [r.adx, r.plusDi, r.minusDi];
    },
  },
  {
    id: "aroon", label: "Aroon", group: "trend", inputs: ["high", "low"],
    params: { period: int(25) }, outputs: ["up", "down", "osc"], normalize: rep(3, "none"),
    warmup: (p) => rep(3, p.period!),
    compute: (s, p, out) => void aroon(s.high, s.low, p.period!, o(0, out), o(1, out), o(2, out)),
    reference: (s, p) => {
      const r = aroonReference(s.high, s.low, p.period!);
      return [r.up, r.down, r.osc];
    },
  },
  {
    id: "psar", label: "Parabolic SAR", group: "trend", inputs: ["high", "low", "close"],
    params: { step: real(0.02, 1e-6, 1), max_step: real(0.2, 1e-6, 1) }, outputs: ["value"], normalize: ["price"],
    warmup: () => [1],
    compute: (s, p, out) => void psar(s.high, s.low, s.close, p.step!, p.max_step!, o(0, out)),
    reference: (s, p) => [psarReference(s.high, s.low, s.close, p.step!, p.max_step!)],
  },
  {
    id: "ichimoku", label: "Ichimoku (causal: no forward shift)", group: "trend", inputs: ["high", "low", "close"],
    params: { tenkan: int(9), kijun: int(26), senkou_b: int(52), displacement: int(26, 0) },
    outputs: ["tenkan", "kijun", "senkou_a", "senkou_b", "chikou"],
    normalize: ["price", "price", "price", "price", "price_scale"],
    warmup: (p) => [
      p.tenkan! - 1,
      p.kijun! - 1,
      Math.max(p.tenkan!, p.kijun!) - 1 + p.displacement!,
      p.senkou_b! - 1 + p.displacement!,
      p.displacement!,
    ],
    compute: (s, p, out) =>
      void ichimoku(
        s.high, s.low, s.close, p.tenkan!, p.kijun!, p.senkou_b!, p.displacement!,
        o(0, out), o(1, out), o(2, out), o(3, out), o(4, out),
      ),
    reference: (s, p) => {
      const r = ichimokuReference(s.high, s.low, s.close, p.tenkan!, p.kijun!, p.senkou_b!, p.displacement!);
      return [r.tenkan, r.kijun, r.senkouA, r.senkouB, r.chikou];
    },
  },
  {
    id: "efficiency_ratio", label: "Kaufman efficiency ratio", group: "trend", inputs: ["close"],
    params: { period: int(10) }, outputs: ["value"], normalize: ["none"],
    warmup: (p) => [p.period!],
    compute: (s, p, out) => void efficiencyRatio(s.close, p.period!, o(0, out)),
    reference: (s, p) => [efficiencyRatioReference(s.close, p.period!)],
  },
  // ---------------------------------------------------------------- returns
  {
    id: "log_return", label: "k-bar log return", group: "returns", inputs: ["close"],
    params: { period: int(1) }, outputs: ["value"], normalize: ["none"],
    warmup: (p) => [p.period!],
    compute: (s, p, out) => void logReturn(s.close, p.period!, o(0, out)),
    reference: (s, p) => [logReturnReference(s.close, p.period!)],
  },
  {
    id: "simple_return", label: "k-bar simple return", group: "returns", inputs: ["close"],
    params: { period: int(1) }, outputs: ["value"], normalize: ["none"],
    warmup: (p) => [p.period!],
    compute: (s, p, out) => void simpleReturn(s.close, p.period!, o(0, out)),
    reference: (s, p) => [simpleReturnReference(s.close, p.period!)],
  },
  {
    id: "lagged_return", label: "Lagged one-bar log return", group: "returns", inputs: ["close"],
    params: { lag: int(1, 0) }, outputs: ["value"], normalize: ["none"],
    warmup: (p) => [p.lag! + 1],
    compute: (s, p, out) => void laggedReturn(s.close, p.lag!, o(0, out)),
    reference: (s, p) => [laggedReturnReference(s.close, p.lag!)],
  },
  {
    id: "gap", label: "Overnight gap", group: "returns", inputs: ["open", "close"],
    params: {}, outputs: ["value"], normalize: ["none"],
    warmup: () => [1],
    compute: (s, _p, out) => void gap(s.open, s.close, o(0, out)),
    reference: (s) => [gapReference(s.open, s.close)],
  },
  {
    id: "hl_range", label: "High–low range / close", group: "returns", inputs: ["high", "low", "close"],
    params: {}, outputs: ["value"], normalize: ["none"],
    warmup: () => [0],
    compute: (s, _p, out) => void hlRange(s.high, s.low, s.close, o(0, out)),
    reference: (s) => [hlRangeReference(s.high, s.low, s.close)],
  },
  // ---------------------------------------------------------------- calendar
  {
    id: "day_of_week", label: "Day of week (Mon = 0, UTC)", group: "calendar", inputs: ["time"],
    params: {}, outputs: ["value"], normalize: ["none"],
    warmup: () => [0],
    compute: (s, _p, out) => void dayOfWeek(s.time, o(0, out)),
    reference: (s) => [dayOfWeekReference(s.time)],
  },
  {
    id: "month", label: "Month (1–12, UTC)", group: "calendar", inputs: ["time"],
    params: {}, outputs: ["value"], normalize: ["none"],
    warmup: () => [0],
    compute: (s, _p, out) => void month(s.time, o(0, out)),
    reference: (s) => [monthReference(s.time)],
  },
  {
    id: "day_of_month", label: "Day of month (1–31, UTC)", group: "calendar", inputs: ["time"],
    params: {}, outputs: ["value"], normalize: ["none"],
    warmup: () => [0],
    compute: (s, _p, out) => void dayOfMonth(s.time, o(0, out)),
    reference: (s) => [dayOfMonthReference(s.time)],
  },
];

/** Every feature by id. */
export const FEATURES: Readonly<Record<string, FeatureDef>> = Object.fromEntries(defs.map((d) => [d.id, d]));
export const FEATURE_IDS: readonly string[] = defs.map((d) => d.id);

export function getFeature(id: string): FeatureDef | undefined {
  return Object.hasOwn(FEATURES, id) ? FEATURES[id] : undefined;
}

/** The defaults of `def`, overridden by `params` (unknown keys are the caller's to reject). */
export function resolveParams(def: FeatureDef, params: Params = {}): Params {
  const out: Params = {};
  for (const [k, pd] of Object.entries(def.params)) out[k] = params[k] ?? pd.default;
  return out;
}

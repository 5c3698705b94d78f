/**
 * The JSON answer of a predict request: one entry per row (or per bar for `score: "all"`,
 * null where a warm-up bar was not scored), with the risk score of each prediction.
 *
 * Risk (server/quant/monitoring/risk.ts) needs the market's recent volatility, which only bars
 * carry: classifiers score class uncertainty × the volatility regime, regressors with an interval
 * score its width against the random walk's at the recent volatility. Answers to rows, and point
 * regressions without an interval, have null risk.
 */
import { classRiskScore, intervalRiskScore, logReturnVolatility, RISK_WINDOWS } from "@/server/quant/monitoring/risk";
import type { ServedVersion } from "./model-cache";
import type { RequestMatrix } from "./request-features";
import type { VersionScores } from "./score";

export interface IntervalScores {
  lower: Float64Array;
  upper: Float64Array;
  /** The bounds' quantile levels. */
  quantiles: [number, number];
}

export interface Answer {
  predictions: (number | null)[];
  probabilities?: (number[] | null)[];
  classes?: number[];
  intervals?: ([number, number] | null)[];
  interval_quantiles?: [number, number];
  risk: (number | null)[];
}

/** Values at the scored bars. */
function atBars(values: Float64Array, barIndex: Int32Array): Float64Array {
  const out = new Float64Array(barIndex.length);
  for (let r = 0; r < barIndex.length; r++) out[r] = values[barIndex[r]!]!;
  return out;
}

/** Risk per scored row (NaN where it cannot be told; see the module comment). */
export function riskScores(served: ServedVersion, m: RequestMatrix, scores: VersionScores, interval: IntervalScores | null): Float64Array {
  if (!m.close || !m.barIndex) return new Float64Array(m.n).fill(NaN);
  const recent = atBars(logReturnVolatility(m.close, RISK_WINDOWS.recent), m.barIndex);
  if (scores.probabilities) return classRiskScore(scores.probabilities, recent, atBars(logReturnVolatility(m.close, RISK_WINDOWS.longRun), m.barIndex));
  if (interval) {
    const horizon = Number(served.signature.label?.horizon ?? 1);
    return intervalRiskScore(interval.lower, interval.upper, recent, interval.quantiles[1] - interval.quantiles[0], Number.isFinite(horizon) && horizon > 0 ? horizon : 1);
  }
  return new Float64Array(m.n).fill(NaN);
}

const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

/** Spreads the scored rows' values over the answer's rows (null where unscored). */
function spread<T>(m: RequestMatrix, value: (r: number) => T): (T | null)[] {
  const out = new Array<T | null>(m.answerRows).fill(null);
  for (let r = 0; r < m.n; r++) out[m.answerIndex[r]!] = value(r);
  return out;
}

export function shapeAnswer(served: ServedVersion, m: RequestMatrix, scores: VersionScores, interval: IntervalScores | null): Answer {
  const risk = riskScores(served, m, scores, interval);
  const answer: Answer = {
    predictions: spread(m, (r) => scores.predictions[r]!),
    risk: spread(m, (r) => finiteOrNull(risk[r]!)),
  };
  if (scores.probabilities) {
    const P = scores.probabilities;
    answer.probabilities = spread(m, (r) => P.map((col) => col[r]!));
    answer.classes = served.signature.classes ?? [];
  }
  if (interval) {
    answer.intervals = spread(m, (r): [number, number] => [Math.min(interval.lower[r]!, interval.upper[r]!), Math.max(interval.lower[r]!, interval.upper[r]!)]);
    answer.interval_quantiles = interval.quantiles;
  }
  return answer;
}

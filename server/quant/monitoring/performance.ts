/**
 * Performance (concept) drift: a deployed model's metrics over a rolling window of realised
 * outcomes, compared with the figures of its validation (the version's metrics snapshot).
 *
 * - Metrics come from the one registry, `server/quant/validation/metrics.ts` (same definitions
 *   and edge cases as training reports): regression → RMSE and hit rate (directional accuracy,
 *   rows with y = 0 skipped); classification → macro F1 and accuracy.
 * - Rolling: the value at row t is the metric over rows t − window + 1 … t (uses rows ≤ t
 *   only); NaN for t < window − 1. Rows are the predictions whose outcome has been realised, in
 *   time order; a NaN in either input is refused (the caller passes realised rows only).
 * - Macro F1 averages over a fixed class list (the version's classes, default the labels seen
 *   anywhere in the input), so a window in which a class is absent still counts it (as 0).
 * - Relative degradation, positive = worse: (baseline − current) / |baseline| when higher is
 *   better, (current − baseline) / |baseline| when lower is better (the registry's
 *   `higherIsBetter`). NaN when either is NaN or the baseline is 0.
 * - Level of a degradation d: d < warn "ok", warn ≤ d < alert "warn", d ≥ alert "alert";
 *   null for NaN. Default thresholds 10% and 20%.
 */
import { labelsOf, MODEL_METRICS } from "../validation/metrics";

export const PERFORMANCE_METRICS = {
  regression: ["rmse", "directional_accuracy"],
  classification: ["f1_macro", "accuracy"],
} as const;

export type PerformanceTask = keyof typeof PERFORMANCE_METRICS;
export type PerformanceMetricKey = (typeof PERFORMANCE_METRICS)[PerformanceTask][number];
export type PerformanceLevel = "ok" | "warn" | "alert";

export interface DegradationThresholds {
  /** Relative degradation from which the level is "warn" (inclusive). */
  warn: number;
  /** Relative degradation from which the level is "alert" (inclusive). */
  alert: number;
}

export const DEFAULT_DEGRADATION_THRESHOLDS: DegradationThresholds = { warn: 0.1, alert: 0.2 };

/** Relative degradation of `current` against `baseline` (positive = worse; module comment). */
export function relativeDegradation(key: PerformanceMetricKey, current: number, baseline: number): number {
  if (Number.isNaN(current) || Number.isNaN(baseline) || baseline === 0) return NaN;
  const worse = MODEL_METRICS[key].higherIsBetter ? baseline - current : current - baseline;
  return worse / Math.abs(baseline);
}

/** The level of a relative degradation; null for NaN. */
export function degradationLevel(degradation: number, t: DegradationThresholds = DEFAULT_DEGRADATION_THRESHOLDS): PerformanceLevel | null {
  if (Number.isNaN(degradation)) return null;
  if (degradation >= t.alert) return "alert";
  if (degradation >= t.warn) return "warn";
  return "ok";
}

function checkThresholds(t: DegradationThresholds): void {
  if (!(t.warn >= 0 && t.alert >= t.warn)) throw new RangeError(`thresholds: need 0 ≤ warn ≤ alert, got warn ${t.warn}, alert ${t.alert}`);
}

function checkRealised(name: string, x: Float64Array): void {
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]!)) throw new RangeError(`${name}[${i}] is NaN: pass realised outcomes only`);
  }
}

/**
 * The metric over each window of `window` rows ending at t (NaN before the first full window).
 * `classes` (classification): the class list of macro F1, default the labels of both inputs.
 */
export function rollingMetric(
  key: PerformanceMetricKey,
  yTrue: Float64Array,
  yPred: Float64Array,
  window: number,
  classes: Float64Array = labelsOf(yTrue, yPred),
  out = new Float64Array(yTrue.length),
): Float64Array {
  const n = yTrue.length;
  if (yPred.length !== n) throw new RangeError(`yPred: length ${yPred.length}, yTrue has ${n}`);
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`window must be a positive integer, got ${window}`);
  checkRealised("yTrue", yTrue);
  checkRealised("yPred", yPred);
  const def = MODEL_METRICS[key];
  for (let t = 0; t < n; t++) {
    if (t + 1 < window) {
      out[t] = NaN;
      continue;
    }
    // subarray views: the registry's kernels read the window in place
    const x = { yTrue: yTrue.subarray(t + 1 - window, t + 1), yPred: yPred.subarray(t + 1 - window, t + 1), classes };
    out[t] = def.compute(x);
  }
  return out;
}

export interface MetricDrift {
  key: PerformanceMetricKey;
  label: string;
  /** Rolling value per realised row. */
  series: Float64Array;
  /** The last window's value (NaN with fewer than `window` rows). */
  current: number;
  /** The validation figure (NaN when the version has none). */
  baseline: number;
  degradation: number;
  level: PerformanceLevel | null;
}

export interface PerformanceDriftInput {
  task: PerformanceTask;
  yTrue: Float64Array;
  yPred: Float64Array;
  window: number;
  /** The version's validation figures by registry key (e.g. its metrics snapshot). */
  baseline: Readonly<Partial<Record<string, number>>>;
  /** Class list for macro F1 (classification), ascending. */
  classes?: Float64Array;
  thresholds?: DegradationThresholds;
}

/** Rolling performance of each of the task's metrics and its degradation against validation. */
export function performanceDrift(input: PerformanceDriftInput): MetricDrift[] {
  const { task, yTrue, yPred, window } = input;
  const thresholds = input.thresholds ?? DEFAULT_DEGRADATION_THRESHOLDS;
  checkThresholds(thresholds);
  const keys: readonly PerformanceMetricKey[] = PERFORMANCE_METRICS[task];
  if (!keys) throw new RangeError(`task must be one of ${Object.keys(PERFORMANCE_METRICS).join(", ")}, got ${String(task)}`);
  const classes = input.classes ?? labelsOf(yTrue, yPred);
  return keys.map((key) => {
    const series = rollingMetric(key, yTrue, yPred, window, classes);
    const current = series.length > 0 ? series[series.length - 1]! : NaN;
    const baseline = input.baseline[key] ?? NaN;
    const degradation = relativeDegradation(key, current, baseline);
    return { key, label: MODEL_METRICS[key].label, series, current, baseline, degradation, level: degradationLevel(degradation, thresholds) };
  });
}

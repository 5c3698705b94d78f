/**
 * Realised outcomes of logged predictions: the label a model was trained to predict, known once
 * the bars after its prediction exist (concept/performance drift compares the two).
 *
 * A prediction made at bar time τ (the bar the request's features ended on) is matched to the
 * bar t of an outcome series whose time is exactly τ; its realised label is the forward log
 * return ln(close[t + h] / close[t]) (labels.ts), or, for a classifier, that return's trade
 * class. It is NaN (not realised) when τ is not a bar of the series, or bar t + h does not exist
 * yet. Reading bars after t is the point here: these are outcomes, never model inputs.
 */
import { forwardLogReturn, tradeClassLabels } from "../validation/labels";
import { lowerBound } from "../validation/splits";

export type RealisedLabel = { kind: "regression"; horizon: number } | { kind: "classification"; horizon: number; buy: number; sell: number };

/**
 * The label of a model's signature (`{ kind, horizon, buy?, sell? }`) for its task; a label
 * without a usable horizon, or a classifier's without thresholds, is refused naming the field.
 */
export function realisedLabelOf(task: "regression" | "classification", label: Record<string, unknown> | undefined): RealisedLabel {
  const horizon = label?.horizon;
  if (typeof horizon !== "number" || !Number.isInteger(horizon) || horizon < 1) throw new RangeError("the model's label has no horizon (an integer ≥ 1): its outcomes cannot be realised");
  if (task === "regression") return { kind: "regression", horizon };
  const { buy, sell } = label!;
  if (typeof buy !== "number" || typeof sell !== "number") throw new RangeError("the classifier's label has no buy/sell thresholds: its classes cannot be realised");
  return { kind: "classification", horizon, buy, sell };
}

/** The realised label at every bar of a series (NaN for the last h bars). */
export function realisedLabelSeries(close: Float64Array, label: RealisedLabel): Float64Array {
  const fwd = forwardLogReturn(close, label.horizon);
  return label.kind === "classification" ? tradeClassLabels(fwd, label) : fwd;
}

export interface RealisedPredictions {
  /** Bar time of each prediction, ascending, distinct. */
  time: Float64Array;
  yTrue: Float64Array;
  yPred: Float64Array;
}

/**
 * Logged predictions (bar time, prediction; in the order they were logged) paired with their
 * realised labels on the bars (time ascending, close): a bar predicted more than once keeps
 * its latest prediction; predictions not realised yet, or NaN, are left out. Sorted by bar time.
 */
export function realisedPredictions(predTime: Float64Array, pred: Float64Array, barTime: Float64Array, close: Float64Array, label: RealisedLabel): RealisedPredictions {
  if (pred.length !== predTime.length) throw new RangeError(`pred: length ${pred.length}, predTime has ${predTime.length}`);
  if (close.length !== barTime.length) throw new RangeError(`close: length ${close.length}, barTime has ${barTime.length}`);
  const labels = realisedLabelSeries(close, label);
  // latest prediction per bar: later log rows overwrite earlier ones
  const latest = new Map<number, number>();
  for (let i = 0; i < predTime.length; i++) latest.set(predTime[i]!, pred[i]!);
  const times = Float64Array.from(latest.keys()).sort();
  const time = new Float64Array(times.length), yTrue = new Float64Array(times.length), yPred = new Float64Array(times.length);
  let k = 0;
  for (let i = 0; i < times.length; i++) {
    const tau = times[i]!;
    const t = lowerBound(barTime, tau);
    if (t >= barTime.length || barTime[t] !== tau) continue;
    const y = labels[t]!, p = latest.get(tau)!;
    if (Number.isNaN(y) || Number.isNaN(p)) continue;
    time[k] = tau;
    yTrue[k] = y;
    yPred[k] = p;
    k++;
  }
  return { time: time.slice(0, k), yTrue: yTrue.slice(0, k), yPred: yPred.slice(0, k) };
}

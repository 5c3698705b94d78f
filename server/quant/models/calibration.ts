/**
 * Probability calibration of an already-fitted classifier on a held-out calibration set
 * (`CalibratedClassifier`, kind "calibrated_classifier"; sklearn CalibratedClassifierCV with
 * cv="prefit"). The score of a class is the base model's probability of it (sklearn uses
 * predict_proba when there is no decision function; every Foldline classifier has one). The
 * maps, Platt scaling and isotonic regression, are in calibration-maps.ts.
 *
 * Two classes: one map on P(classes[1]), and P(classes[0]) = 1 − that. More classes: one
 * one-vs-rest map per class, then each row divided by its sum (uniform when the sum is 0), as
 * sklearn.
 *
 * `fit(X, y)` calibrates on (X, y); it never refits the base (fit the base on training rows
 * first). `toJSON` nests the base's JSON; ONNX: onnx/calibration.ts.
 */
import { calibratedClassifierOnnx } from "../onnx/calibration";
import {
  CALIBRATION_METHODS,
  applyCalibration,
  calibrationMapFromJSON,
  calibrationMapToJSON,
  fitCalibrationMap,
  type CalibrationMap,
  type CalibrationMapJSON,
  type CalibrationMethod,
} from "./calibration-maps";
import type { Classifier, Columns, EstimatorJSON, FitOptions } from "./estimator";
import { checkWeights, encodeLabels, expectKind, nRows } from "./estimator";
import { argmaxLabels } from "./linear";
import { classifierFromJSON } from "./registry";

// ------------------------------------------------------------------ estimator

export class CalibratedClassifier implements Classifier {
  readonly kind = "calibrated_classifier";
  readonly task = "classification" as const;
  /** One map for two classes (on classes[1]); one per class otherwise. Empty before `fit`. */
  maps: CalibrationMap[] = [];

  constructor(
    readonly base: Classifier,
    readonly method: CalibrationMethod = "platt",
  ) {
    if (!CALIBRATION_METHODS.includes(method)) throw new Error(`calibration: method must be one of ${CALIBRATION_METHODS.join(", ")}, got "${method}"`);
  }

  get nFeatures(): number {
    return this.maps.length > 0 ? this.base.nFeatures : 0;
  }

  get classes(): Float64Array {
    return this.base.classes;
  }

  /** Calibrate on held-out rows (X, y); the base must already be fitted and is not refitted. */
  fit(X: Columns, y: Float64Array, opts: FitOptions = {}): this {
    if (this.base.nFeatures === 0) throw new Error(`calibration: the base classifier (${this.base.kind}) must be fitted before calibrating`);
    const n = nRows(X, this.base.nFeatures);
    if (y.length !== n) throw new Error(`y has ${y.length} rows, X has ${n}`);
    if (n === 0) throw new Error("calibration: no rows to calibrate on");
    const yi = encodeLabels(y, this.classes);
    const w = opts.sampleWeight ? checkWeights(opts.sampleWeight, n) : undefined;
    const P = this.base.predictProba(X);
    const calibrated = P.length === 2 ? [1] : P.map((_, k) => k);
    this.maps = calibrated.map((k) => fitCalibrationMap(this.method, P[k]!, Uint8Array.from(yi, (c) => (c === k ? 1 : 0)), w));
    return this;
  }

  predictProba(X: Columns): Float64Array[] {
    if (this.maps.length === 0) throw new Error("calibration: not fitted");
    const P = this.base.predictProba(X);
    const n = P[0]!.length;
    if (P.length === 2) {
      const p1 = applyCalibration(this.maps[0]!, P[1]!);
      return [Float64Array.from(p1, (v) => 1 - v), p1];
    }
    const Q = P.map((col, k) => applyCalibration(this.maps[k]!, col));
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (const q of Q) s += q[i]!;
      for (const q of Q) q[i] = s > 0 ? q[i]! / s : 1 / Q.length;
    }
    return Q;
  }

  predict(X: Columns): Float64Array {
    return argmaxLabels(this.predictProba(X), this.classes);
  }

  toJSON(): EstimatorJSON {
    return { kind: this.kind, version: 1, params: { method: this.method }, state: { base: this.base.toJSON(), maps: this.maps.map(calibrationMapToJSON) } };
  }

  static fromJSON(json: EstimatorJSON): CalibratedClassifier {
    expectKind(json, "calibrated_classifier");
    const s = json.state as { base: EstimatorJSON; maps: CalibrationMapJSON[] };
    const c = new CalibratedClassifier(classifierFromJSON(s.base), json.params.method as CalibrationMethod);
    c.maps = s.maps.map(calibrationMapFromJSON);
    return c;
  }

  toOnnx(): Uint8Array {
    if (this.maps.length === 0) throw new Error("calibration: not fitted");
    return calibratedClassifierOnnx(this.base.toOnnx(), this.classes, this.maps, { estimator: this.kind, base: this.base.kind, method: this.method });
  }
}

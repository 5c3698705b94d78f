/**
 * StandardScaler: z = (x − mean) / scale per feature, fitted on training rows only (fit on the
 * training fold, then transform the test fold with the same statistics — never refit on test
 * rows). `scale` is the population standard deviation (ddof = 0, as sklearn); a constant
 * feature gets scale 1. `partialFit` merges batches exactly (Chan et al. pairwise update), so
 * fitting once equals fitting in batches up to rounding.
 *
 * ONNX: `onnxNodes(input, output)` gives Sub(mean) → Div(scale) nodes the model graphs put in
 * front of their own (float32), and `toOnnx()` a standalone graph `features` → `transformed`.
 */
import { buildModel, FEATURES_INPUT, featuresInput, floatOutput, floatTensor, node, type NodeDef, type TensorDef } from "../onnx/graph";
import { checkWeights, nRows, toNumbers, type Columns } from "./estimator";

export interface StandardScalerJSON {
  kind: "standard_scaler";
  version: 1;
  mean: number[];
  scale: number[];
  nSeen: number;
  /** Weighted sum of squared deviations per feature (for partialFit). */
  m2: number[];
}

/** Population std √(m2 / n); 1 for a (numerically) constant feature. */
export function scaleFromM2(m2: number, n: number, mean: number): number {
  const sd = Math.sqrt(m2 / n);
  return sd > 1e-12 * Math.max(1, Math.abs(mean)) ? sd : 1;
}

export class StandardScaler {
  mean = new Float64Array(0);
  scale = new Float64Array(0);
  /** Weighted number of rows seen. */
  nSeen = 0;
  private m2 = new Float64Array(0);

  get nFeatures(): number {
    return this.mean.length;
  }

  /** Fit on these rows (replaces previous statistics). */
  fit(X: Columns, sampleWeight?: Float64Array): this {
    this.mean = new Float64Array(0);
    this.scale = new Float64Array(0);
    this.m2 = new Float64Array(0);
    this.nSeen = 0;
    return this.partialFit(X, sampleWeight);
  }

  /** Add a batch of rows to the statistics. */
  partialFit(X: Columns, sampleWeight?: Float64Array): this {
    const n = nRows(X, this.nSeen > 0 ? this.mean.length : undefined);
    if (n === 0) return this;
    const w = checkWeights(sampleWeight, n);
    const p = X.length;
    if (this.nSeen === 0) {
      this.mean = new Float64Array(p);
      this.m2 = new Float64Array(p);
      this.scale = new Float64Array(p).fill(1);
    }
    let W = 0;
    for (let i = 0; i < n; i++) W += w[i]!;
    const nA = this.nSeen;
    const nT = nA + W;
    for (let j = 0; j < p; j++) {
      const c = X[j]!;
      let s = 0;
      for (let i = 0; i < n; i++) {
        const v = c[i]!;
        if (!Number.isFinite(v)) throw new Error(`X[${j}][${i}] is not finite`);
        s += w[i]! * v;
      }
      const mB = s / W;
      let m2B = 0;
      for (let i = 0; i < n; i++) m2B += w[i]! * (c[i]! - mB) ** 2;
      const delta = mB - this.mean[j]!;
      this.mean[j] = this.mean[j]! + (delta * W) / nT;
      this.m2[j] = this.m2[j]! + m2B + (delta * delta * nA * W) / nT;
      this.scale[j] = scaleFromM2(this.m2[j]!, nT, this.mean[j]!);
    }
    this.nSeen = nT;
    return this;
  }

  /** New columns (x − mean) / scale. */
  transform(X: Columns): Float64Array[] {
    if (this.nSeen === 0) throw new Error("StandardScaler is not fitted");
    const n = nRows(X, this.mean.length);
    return X.map((c, j) => {
      const m = this.mean[j]!, s = this.scale[j]!;
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = (c[i]! - m) / s;
      return out;
    });
  }

  fitTransform(X: Columns, sampleWeight?: Float64Array): Float64Array[] {
    return this.fit(X, sampleWeight).transform(X);
  }

  /** Nodes Sub(input, mean) → Div(scale) writing `output`; initializer names carry `prefix`. */
  onnxNodes(input: string, output: string, prefix = "scaler"): { nodes: NodeDef[]; initializers: TensorDef[] } {
    const p = this.mean.length;
    return {
      nodes: [node("Sub", [input, `${prefix}_mean`], [`${prefix}_centred`]), node("Div", [`${prefix}_centred`, `${prefix}_scale`], [output])],
      initializers: [floatTensor(`${prefix}_mean`, [p], this.mean), floatTensor(`${prefix}_scale`, [p], this.scale)],
    };
  }

  /** Standalone graph: `features` [N, F] → `transformed` [N, F]. */
  toOnnx(): Uint8Array {
    const p = this.mean.length;
    const { nodes, initializers } = this.onnxNodes(FEATURES_INPUT, "transformed");
    return buildModel({
      nodes,
      initializers,
      inputs: [featuresInput(p)],
      outputs: [floatOutput("transformed", ["N", p])],
      metadata: { estimator: "standard_scaler" },
    });
  }

  toJSON(): StandardScalerJSON {
    return { kind: "standard_scaler", version: 1, mean: toNumbers(this.mean), scale: toNumbers(this.scale), nSeen: this.nSeen, m2: toNumbers(this.m2) };
  }

  /** A fitted scaler from weighted moments: means, Σw(x − x̄)² per feature and Σw. */
  static fromMoments(mean: Float64Array, m2: Float64Array, nSeen: number): StandardScaler {
    const s = new StandardScaler();
    s.mean = Float64Array.from(mean);
    s.m2 = Float64Array.from(m2);
    s.nSeen = nSeen;
    s.scale = Float64Array.from(mean, (m, j) => scaleFromM2(m2[j]!, nSeen, m));
    return s;
  }

  static fromJSON(json: StandardScalerJSON): StandardScaler {
    if (json.kind !== "standard_scaler" || json.version !== 1) throw new Error("not a standard_scaler v1 document");
    const s = new StandardScaler();
    s.mean = Float64Array.from(json.mean);
    s.scale = Float64Array.from(json.scale);
    s.m2 = Float64Array.from(json.m2);
    s.nSeen = json.nSeen;
    return s;
  }
}

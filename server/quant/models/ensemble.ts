/**
 * Ensembles of estimators with one interface:
 *
 * - `AveragingRegressor` (kind "averaging_regressor"): ŷ = Σ_m w_m ŷ_m.
 * - `VotingClassifier` (kind "voting_classifier"): soft voting, P(k) = Σ_m w_m P_m(k); the
 *   label is the most probable class (first on ties). Members must share `classes`.
 *
 * Weights are non-negative with a positive sum and are stored normalised (Σw = 1); choose them
 * on a validation fold with `ensemble-weights.ts`. Members are either fitted by the ensemble's
 * `fit` (each on the same rows and options) or already fitted (`fromFitted`). `toJSON` nests
 * every member's JSON; `fromJSON` restores members through the registry, so any registered
 * kind (including another ensemble) can be a member. `toOnnx` exports ONE graph that shares the
 * `features` input (onnx/compose.ts).
 */
import { averagingRegressorOnnx, votingClassifierOnnx } from "../onnx/compose";
import type { Classifier, Columns, Estimator, EstimatorJSON, FitOptions, Regressor } from "./estimator";
import { expectKind, toNumbers } from "./estimator";
import { blendColumns, normaliseWeights } from "./ensemble-weights";
import { argmaxLabels } from "./linear";
import { classifierFromJSON, regressorFromJSON } from "./registry";

interface EnsembleParams {
  weights: number[];
}
interface EnsembleState {
  members: EstimatorJSON[];
}

function checkTask(members: readonly Estimator[], task: Estimator["task"]): void {
  if (members.length === 0) throw new Error("an ensemble needs at least one member");
  members.forEach((m, i) => {
    if (m.task !== task) throw new Error(`members[${i}] (${m.kind}) is a ${m.task} model, the ensemble needs ${task}`);
  });
}

/** Every member is fitted and reads the same number of features. */
function checkFitted(members: readonly Estimator[]): void {
  members.forEach((m, i) => {
    if (m.nFeatures === 0) throw new Error(`members[${i}] (${m.kind}) is not fitted`);
    if (m.nFeatures !== members[0]!.nFeatures) throw new Error(`members[${i}] reads ${m.nFeatures} features, members[0] reads ${members[0]!.nFeatures}`);
  });
}

const uniform = (n: number) => new Float64Array(n).fill(1);

function ensembleJSON(kind: string, members: readonly Estimator[], weights: Float64Array): EstimatorJSON {
  return { kind, version: 1, params: { weights: toNumbers(weights) } satisfies EnsembleParams, state: { members: members.map((m) => m.toJSON()) } satisfies EnsembleState };
}

function onnxMetadata(kind: string, members: readonly Estimator[]): Record<string, string> {
  return { estimator: kind, members: members.map((m) => m.kind).join(",") };
}

export class AveragingRegressor implements Regressor {
  readonly kind = "averaging_regressor";
  readonly task = "regression" as const;
  readonly members: readonly Regressor[];
  /** Normalised member weights (Σ = 1). */
  readonly weights: Float64Array;

  /** Members are fitted by `fit`; weights default to equal. */
  constructor(members: readonly Regressor[], weights?: ArrayLike<number>) {
    checkTask(members, "regression");
    this.members = [...members];
    this.weights = normaliseWeights(weights ?? uniform(members.length), members.length);
  }

  /** An ensemble of already-fitted members (no refit). */
  static fromFitted(members: readonly Regressor[], weights?: ArrayLike<number>): AveragingRegressor {
    const e = new AveragingRegressor(members, weights);
    checkFitted(e.members);
    return e;
  }

  get nFeatures(): number {
    return this.members[0]!.nFeatures;
  }

  fit(X: Columns, y: Float64Array, opts?: FitOptions): this {
    for (const m of this.members) m.fit(X, y, opts);
    checkFitted(this.members);
    return this;
  }

  predict(X: Columns): Float64Array {
    return blendColumns(this.members.map((m) => m.predict(X)), this.weights);
  }

  toJSON(): EstimatorJSON {
    return ensembleJSON(this.kind, this.members, this.weights);
  }

  static fromJSON(json: EstimatorJSON): AveragingRegressor {
    expectKind(json, "averaging_regressor");
    const s = json.state as unknown as EnsembleState;
    return new AveragingRegressor(s.members.map(regressorFromJSON), (json.params as unknown as EnsembleParams).weights);
  }

  toOnnx(): Uint8Array {
    checkFitted(this.members);
    return averagingRegressorOnnx(this.members.map((m) => m.toOnnx()), this.weights, onnxMetadata(this.kind, this.members));
  }
}

export class VotingClassifier implements Classifier {
  readonly kind = "voting_classifier";
  readonly task = "classification" as const;
  readonly members: readonly Classifier[];
  /** Normalised member weights (Σ = 1). */
  readonly weights: Float64Array;

  /** Members are fitted by `fit`; weights default to equal. */
  constructor(members: readonly Classifier[], weights?: ArrayLike<number>) {
    checkTask(members, "classification");
    this.members = [...members];
    this.weights = normaliseWeights(weights ?? uniform(members.length), members.length);
  }

  /** An ensemble of already-fitted members (no refit); they must share `classes`. */
  static fromFitted(members: readonly Classifier[], weights?: ArrayLike<number>): VotingClassifier {
    const e = new VotingClassifier(members, weights);
    e.checkFittedMembers();
    return e;
  }

  private checkFittedMembers(): void {
    checkFitted(this.members);
    const c0 = Array.from(this.members[0]!.classes);
    this.members.forEach((m, i) => {
      const c = Array.from(m.classes);
      if (c.length !== c0.length || c.some((v, k) => v !== c0[k])) {
        throw new Error(`members[${i}] has classes [${c.join(", ")}], members[0] has [${c0.join(", ")}]: members must share classes`);
      }
    });
  }

  get nFeatures(): number {
    return this.members[0]!.nFeatures;
  }

  /** Class labels of the members (ascending). */
  get classes(): Float64Array {
    return this.members[0]!.classes;
  }

  fit(X: Columns, y: Float64Array, opts?: FitOptions): this {
    for (const m of this.members) m.fit(X, y, opts);
    this.checkFittedMembers();
    return this;
  }

  predictProba(X: Columns): Float64Array[] {
    const probas = this.members.map((m) => m.predictProba(X));
    return Array.from(this.classes, (_, k) => blendColumns(probas.map((p) => p[k]!), this.weights));
  }

  predict(X: Columns): Float64Array {
    return argmaxLabels(this.predictProba(X), this.classes);
  }

  toJSON(): EstimatorJSON {
    return ensembleJSON(this.kind, this.members, this.weights);
  }

  static fromJSON(json: EstimatorJSON): VotingClassifier {
    expectKind(json, "voting_classifier");
    const s = json.state as unknown as EnsembleState;
    return new VotingClassifier(s.members.map(classifierFromJSON), (json.params as unknown as EnsembleParams).weights);
  }

  toOnnx(): Uint8Array {
    this.checkFittedMembers();
    return votingClassifierOnnx(this.members.map((m) => m.toOnnx()), this.weights, this.classes, onnxMetadata(this.kind, this.members));
  }
}

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

/** The members and weights of an ensemble's JSON of `kind`, members restored by `fromJSON`. */
function parseEnsembleJSON<M>(json: EstimatorJSON, kind: string, fromJSON: (j: EstimatorJSON) => M): { members: M[]; weights: number[] } {
  expectKind(json, kind);
  const s = json.state as unknown as EnsembleState;
  return { members: s.members.map(fromJSON), weights: (json.params as unknown as EnsembleParams).weights };
}

/** What both ensembles share: members of one task, normalised weights, fit, JSON. */
abstract class WeightedEnsemble<M extends Estimator> {
  abstract readonly kind: string;
  readonly members: readonly M[];
  /** Normalised member weights (Σ = 1). */
  readonly weights: Float64Array;

  constructor(members: readonly M[], task: Estimator["task"], weights?: ArrayLike<number>) {
    checkTask(members, task);
    this.members = [...members];
    this.weights = normaliseWeights(weights ?? new Float64Array(members.length).fill(1), members.length);
  }

  get nFeatures(): number {
    return this.members[0]!.nFeatures;
  }

  protected checkFittedMembers(): void {
    checkFitted(this.members);
  }

  fit(X: Columns, y: Float64Array, opts?: FitOptions): this {
    for (const m of this.members) m.fit(X, y, opts);
    this.checkFittedMembers();
    return this;
  }

  toJSON(): EstimatorJSON {
    return {
      kind: this.kind, version: 1, params: { weights: toNumbers(this.weights) } satisfies EnsembleParams,
      state: { members: this.members.map((m) => m.toJSON()) } satisfies EnsembleState,
    };
  }

  protected onnxMetadata(): Record<string, string> {
    return { estimator: this.kind, members: this.members.map((m) => m.kind).join(",") };
  }
}

export class AveragingRegressor extends WeightedEnsemble<Regressor> implements Regressor {
  readonly kind = "averaging_regressor";
  readonly task = "regression" as const;

  /** Members are fitted by `fit`; weights default to equal. */
  constructor(members: readonly Regressor[], weights?: ArrayLike<number>) {
    super(members, "regression", weights);
  }

  /** An ensemble of already-fitted members (no refit). */
  static fromFitted(members: readonly Regressor[], weights?: ArrayLike<number>): AveragingRegressor {
    const e = new AveragingRegressor(members, weights);
    e.checkFittedMembers();
    return e;
  }

  predict(X: Columns): Float64Array {
    return blendColumns(this.members.map((m) => m.predict(X)), this.weights);
  }

  static fromJSON(json: EstimatorJSON): AveragingRegressor {
    const { members, weights } = parseEnsembleJSON(json, "averaging_regressor", regressorFromJSON);
    return new AveragingRegressor(members, weights);
  }

  toOnnx(): Uint8Array {
    this.checkFittedMembers();
    return averagingRegressorOnnx(this.members.map((m) => m.toOnnx()), this.weights, this.onnxMetadata());
  }
}

export class VotingClassifier extends WeightedEnsemble<Classifier> implements Classifier {
  readonly kind = "voting_classifier";
  readonly task = "classification" as const;

  /** Members are fitted by `fit`; weights default to equal. */
  constructor(members: readonly Classifier[], weights?: ArrayLike<number>) {
    super(members, "classification", weights);
  }

  /** An ensemble of already-fitted members (no refit); they must share `classes`. */
  static fromFitted(members: readonly Classifier[], weights?: ArrayLike<number>): VotingClassifier {
    const e = new VotingClassifier(members, weights);
    e.checkFittedMembers();
    return e;
  }

  protected override checkFittedMembers(): void {
    super.checkFittedMembers();
    const c0 = Array.from(this.members[0]!.classes);
    this.members.forEach((m, i) => {
      const c = Array.from(m.classes);
      if (c.length !== c0.length || c.some((v, k) => v !== c0[k])) {
        throw new Error(`members[${i}] has classes [${c.join(", ")}], members[0] has [${c0.join(", ")}]: members must share classes`);
      }
    });
  }

  /** Class labels of the members (ascending). */
  get classes(): Float64Array {
    return this.members[0]!.classes;
  }

  predictProba(X: Columns): Float64Array[] {
    const probas = this.members.map((m) => m.predictProba(X));
    return Array.from(this.classes, (_, k) => blendColumns(probas.map((p) => p[k]!), this.weights));
  }

  predict(X: Columns): Float64Array {
    return argmaxLabels(this.predictProba(X), this.classes);
  }

  static fromJSON(json: EstimatorJSON): VotingClassifier {
    const { members, weights } = parseEnsembleJSON(json, "voting_classifier", classifierFromJSON);
    return new VotingClassifier(members, weights);
  }

  toOnnx(): Uint8Array {
    this.checkFittedMembers();
    return votingClassifierOnnx(this.members.map((m) => m.toOnnx()), this.weights, this.classes, this.onnxMetadata());
  }
}

import { describe, expect, it } from "vitest";
import { trainingSchemas } from "@/server/api/training-schemas";
import { ALGORITHMS, type AlgorithmId } from "@/server/quant/models/catalog";
import { TuneJobInput, WalkForwardJobInput } from "@/workers/jobs/schemas";
import { buildValue, humanize, initialValues, type JsonSchema, omitProperties } from "./json-schema-form";

const schemas = trainingSchemas();
const params = (id: AlgorithmId) => schemas.algorithms.find((a) => a.id === id)!.params as JsonSchema;
const walkForward = schemas.walkForward as JsonSchema;
/** The parts the training form asks for with inputs of its own. */
const generic = omitProperties(walkForward, ["target", "features", "model"]);
/** The tuning form's generic part: the search space and the objective have inputs of their own too. */
const tuneGeneric = omitProperties(schemas.tune as JsonSchema, ["target", "features", "model", "space", "objective", "direction"]);

describe("form fields from the training JSON Schemas", () => {
  it.each(Object.keys(ALGORITHMS) as AlgorithmId[])("%s: the untouched inputs build the parameters the catalog defaults to", (id) => {
    const { value, errors } = buildValue(params(id), initialValues(params(id)));
    expect(errors).toEqual({});
    expect(ALGORITHMS[id].params.parse(value)).toEqual(ALGORITHMS[id].params.parse({}));
  });

  it("starts the walk-forward inputs at the schema's defaults, an enclosing default winning (the engine's prefaulted costs)", () => {
    expect(initialValues(generic)).toMatchObject({
      "splits.trainMonths": "36",
      "splits.mode": "rolling",
      "label.kind": "regression",
      "label.horizon": "5",
      "label.buy": "0.005",
      online: false,
      importance: true,
      "importance.nRepeats": "5",
      "settings.costs.slippageBps": "1",
      "settings.costs.commissionPerShare": "0.001",
      "settings.sizing.kind": "fixed",
      "settings.sizing.fraction": "0.1",
      register: false,
      experiment: "Walk-forward training",
    });
  });

  it("the untouched walk-forward inputs parse to what the server fills in for a bare request", () => {
    const { value, errors } = buildValue(generic, initialValues(generic));
    expect(errors).toEqual({});
    const target = { datasetId: crypto.randomUUID() };
    const model = { algorithm: "gbdt" };
    expect(WalkForwardJobInput.parse({ ...value, target, model })).toEqual(WalkForwardJobInput.parse({ target, model }));
  });

  it("builds the chosen variant, a nullable group switched off as null and an optional one left out", () => {
    const values = { ...initialValues(generic), "label.kind": "classification", "label.sell": "-0.01", importance: false };
    const { value } = buildValue(generic, values);
    expect(value.label).toEqual({ kind: "classification", horizon: 5, buy: 0.005, sell: -0.01 });
    expect(value.importance).toBeNull();
    expect("register" in value).toBe(false);
    expect(buildValue(generic, { ...values, register: true }).errors).toEqual({ "register.model": "required" });
  });

  it("checks each input against its schema, the message under the input", () => {
    const gbdt = params("gbdt");
    const { errors } = buildValue(gbdt, { ...initialValues(gbdt), nEstimators: "0", learningRate: "0", maxDepth: "2.5", lambda: "lots", subsample: "1.5" });
    expect(errors).toEqual({ nEstimators: "must be ≥ 1", learningRate: "must be > 0", maxDepth: "must be a whole number", lambda: "must be a number", subsample: "must be ≤ 1" });
    const splits = buildValue(generic, { ...initialValues(generic), "splits.mode": "sideways", "splits.purgeRows": "-1" }).errors;
    expect(splits).toEqual({ "splits.mode": "must be one of rolling, expanding", "splits.purgeRows": "must be ≥ 0" });
  });

  it("reads a list as comma-separated numbers and a choice-or-number as either; an empty optional input is left out", () => {
    const mlp = buildValue(params("mlp"), { ...initialValues(params("mlp")), hidden: "128, 64, 8" });
    expect(mlp.value.hidden).toEqual([128, 64, 8]);
    expect(buildValue(params("mlp"), { ...initialValues(params("mlp")), hidden: "64, 0" }).errors).toEqual({ hidden: "must be ≥ 1" });
    const rf = params("random_forest");
    expect(initialValues(rf).maxFeatures).toBe("");
    expect("maxFeatures" in buildValue(rf, initialValues(rf)).value).toBe(false);
    expect(buildValue(rf, { ...initialValues(rf), maxFeatures: "sqrt" }).value.maxFeatures).toBe("sqrt");
    expect(buildValue(rf, { ...initialValues(rf), maxFeatures: "0.5" }).value.maxFeatures).toBe(0.5);
    expect(buildValue(rf, { ...initialValues(rf), maxFeatures: "2" }).errors).toEqual({ maxFeatures: "must be ≤ 1" });
  });

  it("humanizes property names for labels", () => {
    expect(["minChildSamples", "l1Ratio", "purge_rows", "C"].map(humanize)).toEqual(["Min child samples", "L1 ratio", "Purge rows", "C"]);
  });

  it("the untouched tuning inputs parse to what the server fills in; lastFolds (nullable) is a number input", () => {
    const values = initialValues(tuneGeneric);
    expect(values).toMatchObject({ trials: "50", lastFolds: "5", seed: "0", "pruner.kind": "median", "pruner.nStartupTrials": "5", "sampler.nStartupTrials": "10", experiment: "Tuning" });
    const { value, errors } = buildValue(tuneGeneric, values);
    expect(errors).toEqual({});
    const rest = { target: { datasetId: crypto.randomUUID() }, model: { algorithm: "gbdt" }, space: schemas.algorithms.find((a) => a.id === "gbdt")!.defaultSpace };
    expect(TuneJobInput.parse({ ...value, ...rest })).toEqual(TuneJobInput.parse(rest));
    expect(buildValue(tuneGeneric, { ...values, lastFolds: "0" }).errors).toEqual({ lastFolds: "must be ≥ 1" });
    expect(buildValue(tuneGeneric, { ...values, lastFolds: "" }).value.lastFolds).toBeUndefined();
    expect(buildValue(tuneGeneric, { ...values, "pruner.kind": "none" }).value.pruner).toEqual({ kind: "none" });
  });

  it("sends the metrics a tuning objective may be, by task, with the way each improves", () => {
    const byTask = (task: string) => schemas.metrics.filter((m) => m.task === task).map((m) => [m.key, m.higherIsBetter]);
    expect(byTask("regression")).toEqual([["rmse", false], ["mae", false], ["r2", true], ["directional_accuracy", true]]);
    expect(byTask("classification").slice(0, 2)).toEqual([["accuracy", true], ["precision_macro", true]]);
  });
});

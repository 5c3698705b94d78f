import { describe, expect, it } from "vitest";
import type { JsonSchema } from "./json-schema-form";
import { trainingSchemas } from "@/server/api/training-schemas";
import { SearchSpaceSchema } from "@/server/quant/tuning/space";
import { buildSpace, newRow, numericParams, rangeTypes, spaceRows } from "./search-space-form";

const schemas = trainingSchemas();
const space = (schemas.tune as JsonSchema).properties!.space!;
const algorithm = (id: string) => schemas.algorithms.find((a) => a.id === id)!;

describe("search-space rows from the tune input's JSON Schema", () => {
  it("offers the range distributions of the space schema and the algorithm's numeric parameters", () => {
    expect(rangeTypes(space)).toEqual(["float", "int"]);
    expect(numericParams(algorithm("gbdt").params as JsonSchema).map((p) => `${p.name}${p.integer ? ":int" : ""}`)).toEqual([
      "nEstimators:int", "learningRate", "maxDepth:int", "maxLeaves:int", "lambda", "minChildSamples:int", "featureFraction", "subsample", "maxBins:int", "earlyStoppingRounds:int", "quantileAlpha", "seed:int",
    ]);
    // SGD's penalty is a choice, standardize a flag: neither is a numeric parameter.
    expect(numericParams(algorithm("sgd").params as JsonSchema).map((p) => p.name)).toEqual(["alpha", "eta0", "epochs", "seed"]);
  });

  it("the default GBDT space (W5) round-trips through the rows to the same space", () => {
    const rows = spaceRows(algorithm("gbdt").defaultSpace);
    expect(rows[0]).toEqual({ name: "learningRate", type: "float", low: "0.01", high: "0.3", log: true });
    const { value, errors } = buildSpace(rows, space);
    expect(errors).toEqual({});
    expect(SearchSpaceSchema.parse(value)).toEqual(algorithm("gbdt").defaultSpace);
  });

  it("a new row takes the next numeric parameter not in the space, typed by its schema", () => {
    const rows = spaceRows(algorithm("gbdt").defaultSpace);
    expect(newRow(algorithm("gbdt").params as JsonSchema, rows)).toEqual({ name: "nEstimators", type: "int", low: "", high: "", log: false });
    expect(newRow(algorithm("ridge").params as JsonSchema, [{ name: "alpha", type: "float", low: "1", high: "2", log: false }])).toBeNull();
  });

  it("checks each bound against its distribution's schema, the error at the request's path", () => {
    const rows = [
      { name: "maxDepth", type: "int", low: "2.5", high: "", log: false },
      { name: "learningRate", type: "float", low: "x", high: "0.3", log: true },
      { name: "lambda", type: "normal", low: "0", high: "1", log: false },
    ];
    expect(buildSpace(rows, space).errors).toEqual({
      "space.0.low": "must be a whole number",
      "space.0.high": "required",
      "space.1.low": "must be a number",
      "space.2.type": "must be one of float, int",
    });
  });
});

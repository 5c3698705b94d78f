/**
 * The search space the tuning form starts from for each algorithm: the parameters that matter
 * most for it, over ranges wide enough to hold the usual optimum (rates and penalties on a log
 * scale). GBDT's is the W5 space (BENCHMARKS.md). An algorithm without numeric parameters worth
 * tuning (ordinary least squares) has none.
 */
import type { AlgorithmId } from "../models/catalog";
import { type SearchSpace, type SearchSpaceInput, SearchSpaceSchema, W5_SPACE } from "./space";

const space = (params: SearchSpaceInput): SearchSpace => SearchSpaceSchema.parse(params);

export const DEFAULT_SPACES: Partial<Record<AlgorithmId, SearchSpace>> = {
  gbdt: W5_SPACE,
  random_forest: space([
    { type: "int", name: "maxDepth", low: 3, high: 16 },
    { type: "int", name: "minSamplesLeaf", low: 1, high: 64, log: true },
  ]),
  mlp: space([
    { type: "float", name: "learningRate", low: 1e-4, high: 1e-2, log: true },
    { type: "float", name: "l2", low: 1e-6, high: 1e-2, log: true },
  ]),
  ridge: space([{ type: "float", name: "alpha", low: 1e-3, high: 100, log: true }]),
  elastic_net: space([
    { type: "float", name: "alpha", low: 1e-4, high: 10, log: true },
    { type: "float", name: "l1Ratio", low: 0, high: 1 },
  ]),
  logistic: space([{ type: "float", name: "C", low: 1e-3, high: 100, log: true }]),
  sgd: space([
    { type: "float", name: "alpha", low: 1e-6, high: 1e-2, log: true },
    { type: "float", name: "eta0", low: 1e-4, high: 0.1, log: true },
  ]),
};

/**
 * The JSON Schemas the training, tuning and model-backtest forms are built from, generated from
 * the zod schemas the enqueue verb validates with (as the OpenAPI document is): the walk_forward,
 * tune and model_backtest inputs, the model metrics a tuning objective may be, and every
 * algorithm of the catalog with its parameters and the search space tuning starts from. The
 * forms take their fields, defaults and client-side checks from them, so a new algorithm,
 * parameter or metric needs no change to the pages.
 */
import { ALGORITHM_IDS, ALGORITHMS } from "@/server/quant/models/catalog";
import { DEFAULT_SPACES } from "@/server/quant/tuning/default-spaces";
import { MODEL_METRICS } from "@/server/quant/validation/metrics";
import { JOB_INPUT_SCHEMAS } from "@/workers/jobs/schemas";
import { jsonSchema } from "./openapi";

function build() {
  return {
    walkForward: jsonSchema(JOB_INPUT_SCHEMAS.walk_forward, "input"),
    tune: jsonSchema(JOB_INPUT_SCHEMAS.tune, "input"),
    modelBacktest: jsonSchema(JOB_INPUT_SCHEMAS.model_backtest, "input"),
    /** Fold metrics by task, in registry order: a tuning objective is one of its label's task. */
    metrics: Object.entries(MODEL_METRICS).map(([key, m]) => ({ key, label: m.label, task: m.task as string, higherIsBetter: m.higherIsBetter })),
    algorithms: ALGORITHM_IDS.map((id) => {
      const a = ALGORITHMS[id];
      return { id, label: a.label, tasks: [...a.tasks], online: a.online, params: jsonSchema(a.params, "input"), defaultSpace: DEFAULT_SPACES[id] ?? [] };
    }),
  };
}

let cached: ReturnType<typeof build> | undefined;

export const trainingSchemas = () => (cached ??= build());

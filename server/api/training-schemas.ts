/**
 * The JSON Schemas the training form is built from, generated from the zod schemas the enqueue
 * verb validates with (as the OpenAPI document is): the walk_forward input, and every algorithm
 * of the catalog with its parameters. The form takes its fields, defaults and client-side checks
 * from them, so a new algorithm or parameter needs no change to the page.
 */
import { ALGORITHM_IDS, ALGORITHMS } from "@/server/quant/models/catalog";
import { JOB_INPUT_SCHEMAS } from "@/workers/jobs/schemas";
import { jsonSchema } from "./openapi";

function build() {
  return {
    walkForward: jsonSchema(JOB_INPUT_SCHEMAS.walk_forward, "input"),
    algorithms: ALGORITHM_IDS.map((id) => {
      const a = ALGORITHMS[id];
      return { id, label: a.label, tasks: [...a.tasks], online: a.online, params: jsonSchema(a.params, "input") };
    }),
  };
}

let cached: ReturnType<typeof build> | undefined;

export const trainingSchemas = () => (cached ??= build());

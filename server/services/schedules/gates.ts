import { z } from "zod";
import type { ModelGates } from "@/db/schema";
import { PERFORMANCE_METRICS, type PerformanceTask } from "@/server/quant/monitoring/performance";
import { MODEL_METRICS } from "@/server/quant/validation/metrics";

/** The metrics a retrain's run reports that gates may name, each with whether higher is better:
 * the model metrics of the one registry, and the out-of-sample backtest figures. */
export const GATE_METRIC_DIRECTIONS: Record<string, boolean> = {
  ...Object.fromEntries(Object.entries(MODEL_METRICS).map(([key, def]) => [key, def.higherIsBetter])),
  oos_sharpe: true,
  oos_total_return: true,
};
export const GATE_METRICS = Object.keys(GATE_METRIC_DIRECTIONS);

const unknownMetric = (key: string) => `${key} is not a metric a retrain reports (one of ${GATE_METRICS.join(", ")})`;

const Bounds = (which: "min" | "max") =>
  z
    .record(z.string(), z.number({ message: `each ${which} must be a number` }).refine(Number.isFinite, { message: `each ${which} must be finite` }))
    .superRefine((bounds, ctx) => {
      for (const key of Object.keys(bounds)) if (!(key in GATE_METRIC_DIRECTIONS)) ctx.addIssue({ code: "custom", path: [key], message: unknownMetric(key) });
    })
    .optional();

/**
 * A retrain's acceptance gates, e.g. `{ "min": { "r2": -0.1 }, "maxDegradation": 0.1 }`: every
 * `min` metric must be above its value and every `max` metric below it (strictly, as the
 * registry's gates); `maxDegradation` is the largest fraction by which `degradationMetric` (by
 * default the task's headline metric: RMSE for regression, macro F1 for classification) may be
 * worse than the Production version's, relative to |Production| (0.1 = 10% worse).
 */
export const ScheduleGatesInput = z
  .object({
    min: Bounds("min"),
    max: Bounds("max"),
    maxDegradation: z
      .number({ message: "maxDegradation must be a number" })
      .min(0, { message: "maxDegradation is a fraction in 0–1 (0.1 = 10% worse)" })
      .max(1, { message: "maxDegradation is a fraction in 0–1 (0.1 = 10% worse)" })
      .optional(),
    degradationMetric: z
      .string()
      .refine((key) => key in GATE_METRIC_DIRECTIONS, { error: (issue) => unknownMetric(String(issue.input)) })
      .optional(),
  })
  .strict();
export type ScheduleGatesInput = z.input<typeof ScheduleGatesInput>;

/** The schedule's gates in the registry's form, for `evaluateGates` (server/services/registry/gates.ts). */
export function toModelGates(gates: z.output<typeof ScheduleGatesInput>, task: PerformanceTask): ModelGates {
  const metrics: NonNullable<ModelGates["metrics"]> = {};
  for (const [key, min] of Object.entries(gates.min ?? {})) metrics[key] = { ...metrics[key], min };
  for (const [key, max] of Object.entries(gates.max ?? {})) metrics[key] = { ...metrics[key], max };
  const metric = gates.degradationMetric ?? PERFORMANCE_METRICS[task][0];
  return {
    metrics,
    maxDegradation: gates.maxDegradation === undefined ? undefined : { metric, higherIsBetter: GATE_METRIC_DIRECTIONS[metric]!, fraction: gates.maxDegradation },
  };
}

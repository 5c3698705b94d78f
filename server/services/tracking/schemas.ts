import { z } from "zod";
import { RUN_STATUSES } from "@/db/schema";

/** MLflow's limits (validation.py): key 250 characters, param value 6,000, tag value 8,000. */
export const MAX_KEY = 250;
export const MAX_PARAM_VALUE = 6000;
export const MAX_TAG_VALUE = 8000;
export const MAX_BATCH = { metrics: 1000, params: 100, tags: 100, total: 1000 } as const;

/** MLflow's key rule: alphanumerics, underscores, dashes, periods, spaces, slashes; no `..`. */
export const Key = z
  .string()
  .min(1, { message: "key must not be empty" })
  .max(MAX_KEY, { message: `key must be at most ${MAX_KEY} characters` })
  .regex(/^[\w\-. /]+$/, { message: "key may hold letters, digits, _ - . / and spaces only" })
  .refine((k) => !k.split("/").includes("..") && !k.startsWith("/"), { message: "key must not contain '..' or start with '/'" });

export const ExperimentId = z.coerce.number({ message: "experiment_id must be an integer" }).int().positive();
export const RunId = z.uuid({ message: "run_id must be a run id" });
export const RunStatus = z.enum(RUN_STATUSES, { message: `status must be one of ${RUN_STATUSES.join(", ")}` });

/** Numbers, and the strings MLflow clients send for NaN and ±Infinity. */
export const MetricValue = z.union([
  z.number(),
  z.enum(["NaN", "Infinity", "-Infinity"]).transform((s) => Number(s)),
]);

export const MetricPoint = z.object({
  key: Key,
  value: MetricValue,
  timestamp: z.coerce.number().int(),
  step: z.coerce.number().int().default(0),
});
export const Param = z.object({ key: Key, value: z.string().max(MAX_PARAM_VALUE, { message: `param value must be at most ${MAX_PARAM_VALUE} characters` }) });
export const Tag = z.object({ key: Key, value: z.string().max(MAX_TAG_VALUE, { message: `tag value must be at most ${MAX_TAG_VALUE} characters` }) });

import { z } from "zod";
import { DEPLOYMENT_MODES, DEPLOYMENT_STATUSES } from "@/db/schema";
import { ModelName } from "../registry/models";

/** A deployment's name is a URL path segment: /api/v1/deployments/{name}/predict. */
export const DeploymentName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][\w.-]{0,99}$/, { message: "a deployment name starts with a letter or digit and holds letters, digits, _, . and - (at most 100)" });

/**
 * What a target serves: a registered model and one of an alias (followed as it moves), a stage
 * (`Production` or `Staging`, followed; the newest version when several are in Staging) or a
 * fixed version number.
 */
export const TargetInput = z
  .object({
    model: ModelName,
    alias: z.string().trim().min(1).max(255).optional(),
    stage: z.enum(["Production", "Staging"], { message: "stage must be Production or Staging" }).optional(),
    version: z.coerce.number().int().positive({ message: "version must be a positive integer" }).optional(),
  })
  .refine((t) => [t.alias, t.stage, t.version].filter((v) => v !== undefined).length === 1, {
    message: "name exactly one of alias, stage or version",
    path: ["alias"],
  });
export type TargetInput = z.output<typeof TargetInput>;

const Fraction = (field: string) => z.number({ message: `${field} must be a number` }).min(0, { message: `${field} must be in [0, 1]` }).max(1, { message: `${field} must be in [0, 1]` });

/** Two quantile regressors bounding the point prediction (each a target). */
export const IntervalInput = z.object({ lower: TargetInput, upper: TargetInput });

export const CreateDeploymentInput = z.object({
  name: DeploymentName,
  description: z.string().max(5000).default(""),
  mode: z.enum(DEPLOYMENT_MODES, { message: `mode must be one of ${DEPLOYMENT_MODES.join(", ")}` }).default("single"),
  primary: TargetInput,
  /** The challenger (`ab`) or the shadow (`shadow`). */
  secondary: TargetInput.optional(),
  /** `ab` only: the share of request keys the challenger answers (default 0.5). */
  challengerWeight: Fraction("challengerWeight").optional(),
  interval: IntervalInput.optional(),
  /** The share of requests written to the prediction log (default 1: every request, right for
   * low traffic; lower it for busy endpoints). */
  logSampleRate: Fraction("logSampleRate").default(1),
});

export const UpdateDeploymentInput = z.object({
  name: DeploymentName,
  newName: DeploymentName.optional(),
  description: z.string().max(5000).optional(),
  mode: z.enum(DEPLOYMENT_MODES, { message: `mode must be one of ${DEPLOYMENT_MODES.join(", ")}` }).optional(),
  status: z.enum(DEPLOYMENT_STATUSES, { message: `status must be one of ${DEPLOYMENT_STATUSES.join(", ")}` }).optional(),
  primary: TargetInput.optional(),
  /** null removes it (back to `single`). */
  secondary: TargetInput.nullable().optional(),
  challengerWeight: Fraction("challengerWeight").optional(),
  /** null removes it. */
  interval: IntervalInput.nullable().optional(),
  logSampleRate: Fraction("logSampleRate").optional(),
});

/** One request's bars: epoch ms or an ISO date/time, and the OHLCV values; extra columns of the
 * version's feature spec by their names. */
const Bar = z.looseObject({
  time: z.union([z.number(), z.string()]),
  open: z.number(),
  high: z.number(),
  low: z.number(),
  close: z.number().positive({ message: "close must be positive" }),
  volume: z.number(),
});
export type Bar = z.output<typeof Bar>;

export const MAX_PREDICT_ROWS = 100_000;

/**
 * The predict request: `rows` (features by name, as the version's signature lists them) or
 * `bars` (raw OHLCV, from which the version's own feature spec computes the features; `score`
 * says whether the last bar or every bar is scored). `request_key` makes an A/B split sticky.
 */
export const PredictRequest = z
  .object({
    // each row is checked against the signature as the feature matrix is filled (request-features.ts)
    rows: z.array(z.unknown(), { message: "rows must be an array of objects" }).min(1, { message: "send at least one row" }).max(MAX_PREDICT_ROWS).optional(),
    bars: z.array(Bar).min(1, { message: "send at least one bar" }).max(MAX_PREDICT_ROWS).optional(),
    score: z.enum(["last", "all"], { message: "score must be last or all" }).default("last"),
    request_key: z.string().min(1).max(500).optional(),
  })
  .refine((r) => (r.rows === undefined) !== (r.bars === undefined), { message: "send either rows or bars", path: ["rows"] });
export type PredictRequest = z.output<typeof PredictRequest>;

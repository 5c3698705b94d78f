/**
 * The input schema of every job kind, in one place: the enqueue verb validates with them, the
 * REST route answers their field errors, the OpenAPI document is generated from them, and the
 * runners parse a stored input with them before running the job (registry.ts).
 */
import { z } from "zod";
import { StrategySpec } from "@/server/quant/backtest/strategies";
import { StrategyGrid } from "@/server/quant/backtest/strategy-sweep";
import { FeatureSpecSchema, W3_SPEC } from "@/server/quant/features/spec";
import { ALGORITHMS, type AlgorithmId, ModelChoice } from "@/server/quant/models/catalog";
import { LabelConfig } from "@/server/quant/training/walk-forward";
import { PrunerSchema } from "@/server/quant/tuning/pruner";
import { SearchSpaceSchema } from "@/server/quant/tuning/space";
import { TpeSamplerSchema } from "@/server/quant/tuning/tpe";
import { Direction, TrialRecordSchema } from "@/server/quant/tuning/trial";
import { MODEL_METRICS } from "@/server/quant/validation/metrics";
import { RETRAIN_ON_PASS } from "@/db/schema/schedules";
import { BacktestTarget, EngineSettings } from "@/server/services/backtests/schemas";
import { VersionSelector } from "@/server/services/registry/resolve-version";
import { BatchPredictInput } from "@/server/services/serving/batch-predict";
import { DeploymentName } from "@/server/services/serving/schemas";
import { ScheduleGatesInput } from "@/server/services/schedules/gates";
import { DriftCheckSettingsInput } from "@/server/services/monitoring/schemas";

/** The experiment a job's tracking run goes into (created when missing). */
const ExperimentName = (fallback: string) =>
  z.string().trim().min(1, { message: "experiment must not be empty" }).max(500).default(fallback);

/** A signal backtest (`strategy`) or a sweep of a parameter grid (`grid`) on one dataset window. */
export const BacktestJobInput = z
  .object({
    target: BacktestTarget,
    strategy: StrategySpec.optional(),
    grid: StrategyGrid.optional(),
    settings: EngineSettings.prefault({}),
    experiment: ExperimentName("Backtests"),
  })
  .refine((v) => (v.strategy === undefined) !== (v.grid === undefined), {
    message: "give either strategy (one backtest) or grid (a sweep), not both",
    path: ["strategy"],
  });

/** What a model learns from, shared by training and tuning: the bars, the folds, the label, the features. */
const TrainingData = {
  target: BacktestTarget,
  splits: z
    .object({
      trainMonths: z.number().int().min(1, { message: "trainMonths must be ≥ 1" }).max(600).default(36),
      testMonths: z.number().int().min(1, { message: "testMonths must be ≥ 1" }).max(120).default(3),
      stepMonths: z.number().int().min(1, { message: "stepMonths must be ≥ 1" }).max(120).default(3),
      mode: z.enum(["rolling", "expanding"]).default("rolling"),
      /** Training rows dropped before each test window on top of the label horizon. */
      purgeRows: z.number().int().min(0).max(1000).default(0),
      /** Bars between the last training bar and the first test bar. */
      embargo: z.number().int().min(0).max(1000).default(0),
    })
    .prefault({}),
  label: LabelConfig.default({ kind: "regression", horizon: 5 }),
  /** The feature spec (server/quant/features/spec.ts); default the W3 model inputs. */
  features: FeatureSpecSchema.default(W3_SPEC as never),
  settings: EngineSettings.prefault({}),
};

/** Walk-forward training of one model on a dataset window (server/quant/training). */
export const WalkForwardJobInput = z.object({
  ...TrainingData,
  model: ModelChoice,
  /** Continue each fold's model from the previous fold's with partialFit (online algorithms). */
  online: z.boolean().default(false),
  /** Permutation importance on the last fold (null: none). */
  importance: z.object({ nRepeats: z.number().int().min(1).max(50).default(5), seed: z.number().int().default(0) }).nullable().default({ nRepeats: 5, seed: 0 }),
  /** Register the final model as a new version of this registered model (created if missing). */
  register: z.object({ model: z.string().trim().min(1, { message: "model name must not be empty" }).max(250), description: z.string().max(5000).optional() }).optional(),
  experiment: ExperimentName("Walk-forward training"),
}).refine((v) => !v.online || ALGORITHMS[v.model.algorithm as AlgorithmId].online, { message: "this algorithm cannot learn online (no partialFit); untick online learning", path: ["online"] });

/** What one trial of a study computes, shared by the tune job and its `tune_trial` children. */
const TrialScoring = {
  ...TrainingData,
  /** The algorithm and its fixed parameters; the space's parameters override them per trial. */
  model: ModelChoice,
  space: SearchSpaceSchema,
  /** A fold metric (e.g. rmse, r2, accuracy, f1_macro), averaged over the folds. */
  objective: z.string().default("rmse"),
  direction: Direction.default("minimize"),
  /** Score on the last N folds (null: all). */
  lastFolds: z.number().int().min(1).max(500).nullable().default(5),
  pruner: PrunerSchema.prefault({ kind: "median" }),
  experiment: ExperimentName("Tuning"),
};

/** A TPE study over an algorithm's parameters, each trial scored by walk-forward on the last folds. */
export const TuneJobInput = z
  .object({
    ...TrialScoring,
    trials: z.number().int().min(1, { message: "trials must be ≥ 1" }).max(1000).default(50),
    /** Trials computed at once, each as a `tune_trial` job on the runner's pool (1: one after another in the tune job). */
    parallelism: z.number().int().min(1, { message: "parallelism must be 1–32" }).max(32, { message: "parallelism must be 1–32" }).default(1),
    sampler: TpeSamplerSchema.omit({ kind: true }).prefault({}),
    seed: z.number().int().min(0).default(0),
  })
  .refine((v) => v.model.algorithm !== undefined && v.space.every((p) => p.name in (ALGORITHMS[v.model.algorithm as AlgorithmId].params as unknown as { shape: object }).shape), {
    message: "every search-space parameter must be a parameter of the algorithm",
    path: ["space"],
  })
  .refine((v) => Object.hasOwn(MODEL_METRICS, v.objective) && MODEL_METRICS[v.objective as keyof typeof MODEL_METRICS].task === v.label.kind, {
    message: "objective must be a metric of the label's task (rmse, mae, r2, directional_accuracy; accuracy, f1_macro, roc_auc, log_loss…)",
    path: ["objective"],
  });

/**
 * One trial of a tune job's study, queued by the tune job when it runs trials in parallel:
 * `trials` is the study as the trial was asked (the finished trials, which the pruner compares
 * against, and the trials of its wave, running), `number` the trial's own. Its child run goes
 * under the tune job's run (`parentRunId`).
 */
export const TuneTrialJobInput = z
  .object({
    ...TrialScoring,
    parentRunId: z.uuid({ message: "parentRunId must be a run id" }),
    number: z.number().int().min(0),
    trials: z.array(TrialRecordSchema).max(1000),
  })
  .refine((v) => v.trials[v.number]?.state === "running", { message: "number must be a running trial of trials", path: ["number"] });

/**
 * Retrain a registered model with its Production version's training recipe on the latest data,
 * then check `gates`; a pass registers the version and does `onPass` (a schedule's settings,
 * copied when the scheduler queues it).
 */
export const RetrainJobInput = z.object({
  model: z.string().trim().min(1, { message: "model name must not be empty" }).max(250),
  /** The schedule this run belongs to (its last and next run status is kept up to date). */
  scheduleId: z.uuid({ message: "scheduleId must be a schedule id" }).optional(),
  gates: ScheduleGatesInput.default({}),
  onPass: z.enum(RETRAIN_ON_PASS, { message: `onPass must be one of ${RETRAIN_ON_PASS.join(", ")}` }).default("request_production"),
});

/** POST one alert delivery to the team's webhook, retried with exponential backoff. */
export const WebhookDeliveryJobInput = z.object({
  deliveryId: z.uuid({ message: "deliveryId must be a webhook delivery id" }),
  maxAttempts: z.number().int().min(1, { message: "maxAttempts must be 1–10" }).max(10, { message: "maxAttempts must be 1–10" }).default(5),
  /** The wait after the first failed attempt; each later wait doubles. */
  backoffMs: z.number().int().min(0).max(600_000).default(2_000),
});

/** A registered model version (by number, alias, or its Production version) backtested on a dataset window. */
export const ModelBacktestJobInput = z.object({
  model: VersionSelector,
  target: BacktestTarget,
  settings: EngineSettings.prefault({}),
  experiment: ExperimentName("Model backtests"),
});

/** A deployment's primary version scoring a dataset window into a CSV artifact. */
export const BatchPredictJobInput = z.object({
  deployment: DeploymentName,
  target: BacktestTarget,
  path: BatchPredictInput.shape.path,
  experiment: ExperimentName("Batch predictions"),
});

/** Compare a deployment's primary version now with its training window (a monitor's settings,
 * copied when the scheduler or "check now" queues it; its status is kept on the monitor). */
export const DriftCheckJobInput = z.object({
  deployment: DeploymentName,
  monitorId: z.uuid({ message: "monitorId must be a drift monitor id" }).optional(),
  settings: DriftCheckSettingsInput.prefault({}),
});

export const JOB_INPUT_SCHEMAS = {
  backtest: BacktestJobInput,
  walk_forward: WalkForwardJobInput,
  model_backtest: ModelBacktestJobInput,
  tune: TuneJobInput,
  tune_trial: TuneTrialJobInput,
  batch_predict: BatchPredictJobInput,
  retrain: RetrainJobInput,
  webhook_delivery: WebhookDeliveryJobInput,
  drift_check: DriftCheckJobInput,
} as const;

export type JobKind = keyof typeof JOB_INPUT_SCHEMAS;
export const JOB_KINDS = Object.keys(JOB_INPUT_SCHEMAS) as JobKind[];
export type JobInput<K extends JobKind> = z.output<(typeof JOB_INPUT_SCHEMAS)[K]>;

const kindMessage = `kind must be one of ${JOB_KINDS.join(", ")}`;

/** `{ kind, input }`, as POST /api/v1/jobs takes it: one object schema per kind. */
export const JobRequest = z.discriminatedUnion(
  "kind",
  JOB_KINDS.map((kind) => z.object({ kind: z.literal(kind), input: JOB_INPUT_SCHEMAS[kind] })) as unknown as [
    z.ZodObject<{ kind: z.ZodLiteral<JobKind>; input: z.ZodType }>,
  ],
  { error: (issue) => (issue.code === "invalid_union" ? kindMessage : undefined) },
);
export type JobRequest = z.input<typeof JobRequest>;

/**
 * Every job kind's definition, by kind. A runner runs `JOB_DEFINITIONS[kind]`; the local runner
 * loads this module on its worker threads (workers/local/thread.ts).
 */
import { backtestJob } from "./backtest";
import { driftCheckJob } from "./drift-check";
import { batchPredictJob } from "./batch-predict";
import { retrainJob } from "./retrain";
import { modelBacktestJob } from "./model-backtest";
import { tuneJob } from "./tune";
import { tuneTrialJob } from "./tune-trial";
import { walkForwardJob } from "./walk-forward";
import { webhookDeliveryJob } from "./webhook-delivery";
import type { JobInput, JobKind } from "./schemas";
import type { JobDefinition } from "./step";

export const JOB_DEFINITIONS: { [K in JobKind]: JobDefinition<JobInput<K>> } = {
  backtest: backtestJob,
  walk_forward: walkForwardJob,
  model_backtest: modelBacktestJob,
  tune: tuneJob,
  tune_trial: tuneTrialJob,
  batch_predict: batchPredictJob,
  retrain: retrainJob,
  webhook_delivery: webhookDeliveryJob,
  drift_check: driftCheckJob,
};

/** What a runner looks kinds up in (tests add kinds of their own). The input type is the
 * definition's own business: runners parse the stored input with `definition.input`. */
export type JobDefinitions = Record<string, JobDefinition<any>>;

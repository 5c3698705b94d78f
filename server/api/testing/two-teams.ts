import type { Db } from "@/db";
import { raiseAlert } from "@/server/services/alerts/raise-alert";
import { generateSyntheticDataset } from "@/server/services/datasets/generate-synthetic";
import { runSignalBacktest } from "@/server/services/backtests/run-backtest";
import { enqueueJob } from "@/server/services/jobs/enqueue-job";
import { createDeployment } from "@/server/services/serving/create-deployment";
import { createModelVersion, createRegisteredModel } from "@/server/services/registry/models";
import { requestProduction } from "@/server/services/registry/stages";
import { createSchedule } from "@/server/services/schedules/create-schedule";
import { setDriftMonitor } from "@/server/services/monitoring/set-drift-monitor";
import { makeTeamWithRoles } from "@/server/services/testing";
import { createToken } from "@/server/services/tokens/create-token";
import { putRunArtifact } from "@/server/services/tracking/artifacts";
import { createExperiment } from "@/server/services/tracking/experiments";
import { logBatch } from "@/server/services/tracking/log-batch";
import { createRun } from "@/server/services/tracking/runs";

/**
 * Two teams for tenant-isolation tests. Team A owns one of everything (three experiments in a
 * row, so guessing A's experiment id ±1 lands on A's too; a run with metrics, a param and an
 * artifact; a dataset, a backtest, a model with two versions and a pending Production request, a
 * token, a job, a deployment, a retraining schedule and an alert), all named with a marker. Team B
 * is created afterwards and owns an experiment of its own. `secrets` lists what must never appear in an answer to B: A's ids, names and slug.
 */
export async function makeTwoTeams(db: Db) {
  const a = await makeTeamWithRoles(db);
  const marker = `secretA${crypto.randomUUID().slice(0, 8)}`;
  const experiments = [];
  for (let i = 0; i < 3; i++) experiments.push(await createExperiment({ ctx: a.ctx.member, input: { name: `${marker}-exp-${i}` } }));
  const run = await createRun({ ctx: a.ctx.member, input: { experimentId: experiments[1]!.id, runName: `${marker}-run` } });
  await logBatch({
    ctx: a.ctx.member,
    input: { runId: run.id, metrics: [{ key: "rmse", value: 0.5, timestamp: 1, step: 0 }], params: [{ key: "secret_param", value: marker }] },
  });
  await putRunArtifact({ ctx: a.ctx.member, input: { runId: run.id, path: "report.json", bytes: new TextEncoder().encode(`{"${marker}":1}`) } });
  const synthetic = await generateSyntheticDataset({ ctx: a.ctx.member, input: { name: `${marker}-data`, bars: 60 } });
  const target = { datasetId: synthetic.dataset.id, allowSynthetic: true };
  const backtest = await runSignalBacktest({ ctx: a.ctx.member, input: { target, strategy: { kind: "sma_crossover", fast: 2, slow: 5 } } });
  const modelName = `${marker}-model`;
  await createRegisteredModel({ ctx: a.ctx.member, input: { name: modelName } });
  for (let i = 0; i < 2; i++) await createModelVersion({ ctx: a.ctx.member, input: { name: modelName, source: `runs:/${run.id}/model`, runId: run.id } });
  const request = await requestProduction({ ctx: a.ctx.member, input: { name: modelName, version: 1 } });
  const token = await createToken({ ctx: a.ctx.member, input: { name: `${marker}-token` } });
  const job = await enqueueJob({ ctx: a.ctx.member, input: { kind: "backtest", input: { target, strategy: { kind: "rsi_threshold" } } } });
  const deploymentName = `${marker}-deployment`;
  await createDeployment({ ctx: a.ctx.admin, input: { name: deploymentName, primary: { model: modelName, version: 1 } } });
  const schedule = await createSchedule({ ctx: a.ctx.admin, input: { model: modelName, cron: "0 2 * * *" } });
  const monitor = await setDriftMonitor({ ctx: a.ctx.admin, input: { deployment: deploymentName, cron: "0 * * * *" } });
  const { alert } = await raiseAlert({ ctx: a.ctx.member, input: { type: "WARNING", severity: "warning", title: `${marker}-alert`, scheduleId: schedule.id } });

  const b = await makeTeamWithRoles(db);
  const bExperiment = await createExperiment({ ctx: b.ctx.admin, input: { name: "b-exp" } });
  const bToken = await createToken({ ctx: b.ctx.admin, input: { name: "b-admin" } });

  const ids = {
    slug: a.team.slug,
    teamId: a.team.id,
    experimentIds: experiments.map((e) => e.id),
    runId: run.id,
    datasetId: synthetic.dataset.id,
    datasetVersionId: synthetic.version.id,
    backtestId: backtest.id,
    modelName,
    requestId: request.id,
    tokenId: token.id,
    jobId: job.id,
    deploymentName,
    scheduleId: schedule.id,
    monitorId: monitor!.id,
    alertId: alert.id,
    memberUserId: a.users.member.id,
    viewerUserId: a.users.viewer.id,
  };
  const secrets = [marker, a.team.slug, a.team.id, run.id, synthetic.dataset.id, synthetic.version.id, backtest.id, request.id, token.id, job.id, schedule.id, monitor!.id, alert.id];
  return { a, b, ids, secrets, marker, aToken: token.token, bToken: bToken.token, bExperimentId: bExperiment.id };
}

export type TwoTeams = Awaited<ReturnType<typeof makeTwoTeams>>;

/** The secrets of A that `value` (any answer, serialised) mentions; empty when it leaks none. */
export function leakedSecrets(world: TwoTeams, value: unknown): string[] {
  const text = typeof value === "string" ? value : JSON.stringify(value, (_, v) => (typeof v === "bigint" ? String(v) : v)) ?? "";
  return world.secrets.filter((s) => text.includes(s));
}

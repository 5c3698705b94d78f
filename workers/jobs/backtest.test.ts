import { eq } from "drizzle-orm";
import { ZodError } from "zod";
import { afterEach, expect, it } from "vitest";
import { auditLog, backtests } from "@/db/schema";
import { describeWithDatabase } from "@/db/testing/databases";
import { runSignalBacktest } from "@/server/services/backtests/run-backtest";
import { generateSyntheticDataset } from "@/server/services/datasets/generate-synthetic";
import { enqueueJob } from "@/server/services/jobs/enqueue-job";
import { getJob } from "@/server/services/jobs/get-job";
import { listJobs } from "@/server/services/jobs/list-jobs";
import { localDispatcher } from "@/server/services/jobs/dispatch";
import { makeTeamWithRoles } from "@/server/services/testing";
import { getRun } from "@/server/services/tracking/runs";
import { LocalRunner } from "@/workers/local/runner";
import { waitForJob } from "@/workers/local/testing";
import type { BacktestJobResult } from "./backtest";
import { JOB_KINDS } from "./schemas";

const runners: LocalRunner[] = [];
afterEach(async () => {
  for (const r of runners.splice(0)) await r.stop();
});

describeWithDatabase("backtest job", (database) => {
  const startRunner = () => {
    const runner = new LocalRunner({ db: database().db, workers: 1, pollMs: 25 });
    runners.push(runner);
    return runner.start();
  };

  it("runs a signal backtest as a job: the same backtest as the inline verb, a finished tracking run with params and metrics", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const synth = await generateSyntheticDataset({ ctx: ctx.member, input: { name: "OU", bars: 300 } });
    const input = {
      target: { datasetId: synth.dataset.id, allowSynthetic: true, start: "2000-02-01" },
      strategy: { kind: "sma_crossover" as const, fast: 5, slow: 20 },
    };
    const job = await enqueueJob({ ctx: ctx.member, input: { kind: "backtest", input }, dispatcher: localDispatcher });
    expect([job.status, job.kind, job.attempts]).toEqual(["queued", "backtest", 0]);
    // Defaults are filled in at enqueue time.
    expect(job.input).toMatchObject({ experiment: "Backtests", settings: { startCash: 100_000 }, target: { allowSynthetic: true } });
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.targetId, job.id));
    expect([audit!.action, audit!.targetType, (audit!.after as { kind: string }).kind]).toEqual(["job.enqueue", "job", "backtest"]);

    startRunner();
    const done = await waitForJob(db, job.id, ["succeeded", "failed"]);
    expect([done.status, done.error, done.attempts]).toEqual(["succeeded", null, 1]);
    const result = done.result as BacktestJobResult;
    expect([done.progressDone, done.progressTotal, done.progressMessage]).toEqual([3, 3, result.title]);
    expect(done.runId).toBe(result.runId);

    const inline = await runSignalBacktest({ ctx: ctx.member, input });
    expect(result.metrics).toEqual(inline.metrics);
    expect(result.title).toBe(inline.title);
    const [stored] = await db.select().from(backtests).where(eq(backtests.id, result.backtestId));
    expect([stored!.teamId, stored!.bars, stored!.metrics]).toEqual([ctx.member.team.id, inline.bars, inline.metrics]);

    const run = await getRun({ ctx: ctx.viewer, input: { runId: result.runId } });
    expect([run.run.status, run.run.endTime !== null, run.run.datasetVersionId]).toEqual(["FINISHED", true, synth.version.id]);
    const params = Object.fromEntries(run.params.map((p) => [p.key, p.value]));
    expect(params).toMatchObject({ "strategy.kind": "sma_crossover", "strategy.fast": "5", "strategy.slow": "20", "settings.startCash": "100000", start: "2000-02-01" });
    const tags = Object.fromEntries(run.tags.map((t) => [t.key, t.value]));
    expect([tags["foldline.job_id"], tags["foldline.backtest_id"]]).toEqual([job.id, result.backtestId]);
    const sharpe = run.metrics.find((m) => m.key === "sharpe")!;
    expect(sharpe.value).toBe(inline.metrics.sharpe);

    const grid = { kind: "sma_crossover" as const, fast: { from: 2, to: 4, step: 1 }, slow: { from: 10, to: 20, step: 5 } };
    const sweep = await enqueueJob({ ctx: ctx.member, input: { kind: "backtest", input: { target: input.target, grid } }, dispatcher: localDispatcher });
    const swept = await waitForJob(db, sweep.id, ["succeeded", "failed"]);
    const sweepResult = swept.result as BacktestJobResult;
    const [sweepRow] = await db.select().from(backtests).where(eq(backtests.id, sweepResult.backtestId));
    expect([swept.status, sweepRow!.kind, sweepResult.metrics.combinations]).toEqual(["succeeded", "sweep", 9]);
  });

  it("validates input naming the field, refuses viewers, scopes jobs to the team, and fails at once on synthetic data not asked for", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const other = await makeTeamWithRoles(db);
    const fieldsOf = async (input: unknown) => {
      const err = await enqueueJob({ ctx: ctx.member, input: input as never, dispatcher: localDispatcher }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ZodError);
      return (err as ZodError).issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    };
    expect(await fieldsOf({ kind: "train_everything", input: {} })).toEqual([`kind: kind must be one of ${JOB_KINDS.join(", ")}`]);
    expect(await fieldsOf({ kind: "backtest", input: { target: { datasetId: "x" }, strategy: { kind: "sma_crossover" } } })).toEqual([
      "input.target.datasetId: choose a dataset",
    ]);
    expect(await fieldsOf({ kind: "backtest", input: { target: { datasetId: crypto.randomUUID() } } })).toEqual([
      "input.strategy: give either strategy (one backtest) or grid (a sweep), not both",
    ]);
    const synth = await generateSyntheticDataset({ ctx: ctx.member, input: { name: "OU", bars: 100 } });
    const request = { kind: "backtest" as const, input: { target: { datasetId: synth.dataset.id }, strategy: { kind: "rsi_threshold" as const } } };
    await expect(enqueueJob({ ctx: ctx.viewer, input: request, dispatcher: localDispatcher })).rejects.toMatchObject({ code: "FORBIDDEN" });

    const job = await enqueueJob({ ctx: ctx.member, input: request, dispatcher: localDispatcher });
    await expect(getJob({ ctx: other.ctx.admin, input: { id: job.id } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getJob({ ctx: ctx.viewer, input: { id: "not-a-uuid" } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await listJobs({ ctx: other.ctx.admin })).items).toEqual([]);
    expect((await listJobs({ ctx: ctx.viewer, input: { kind: "backtest" } })).items.map((j) => j.id)).toEqual([job.id]);

    startRunner();
    const failed = await waitForJob(db, job.id, ["succeeded", "failed"]);
    expect([failed.status, failed.attempts, failed.error]).toEqual([
      "failed",
      1,
      "this dataset is synthetic; tick 'allow synthetic data' to backtest on it (field: datasetId)",
    ]);
  });
});

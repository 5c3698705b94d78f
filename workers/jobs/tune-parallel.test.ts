import { and, asc, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import type { Db } from "@/db";
import { jobs, jobSteps } from "@/db/schema";
import { describeWithDatabase } from "@/db/testing/databases";
import { Study } from "@/server/quant/tuning/study";
import type { TrialRecord } from "@/server/quant/tuning/trial";
import type { TeamCtx } from "@/server/services/context";
import { importSampleDataset } from "@/server/services/datasets/testing";
import { cancelJob } from "@/server/services/jobs/cancel-job";
import { localDispatcher } from "@/server/services/jobs/dispatch";
import { enqueueJob } from "@/server/services/jobs/enqueue-job";
import { makeTeamWithRoles } from "@/server/services/testing";
import { getRunArtifact } from "@/server/services/tracking/artifacts";
import { getRunLineage } from "@/server/services/tracking/run-lineage";
import { testRunners, waitForJob } from "@/workers/local/testing";
import type { TuneJobResult } from "./tune";

const startRunner = testRunners();

const SPACE = [
  { type: "float", name: "learningRate", low: 0.01, high: 0.3, log: true },
  { type: "int", name: "maxDepth", low: 2, high: 4 },
] as const;

describeWithDatabase("tune job, trials in parallel", (database) => {
  async function setUp() {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const spx = await importSampleDataset(ctx.member, "spx", "SPX");
    const input = {
      target: { datasetId: spx.dataset.id, start: "2015-01-01", end: "2019-12-31" },
      splits: { trainMonths: 24, testMonths: 6, stepMonths: 6 },
      model: { algorithm: "gbdt", params: { nEstimators: 10 } },
      space: SPACE,
      trials: 4,
      parallelism: 2,
      lastFolds: 2,
      seed: 3,
    };
    return { db, ctx, input };
  }
  const enqueueTune = (ctx: TeamCtx, input: object) => enqueueJob({ ctx, input: { kind: "tune", input } as never, dispatcher: localDispatcher });
  const trialJobs = (db: Db, ctx: TeamCtx) =>
    db.select().from(jobs).where(and(eq(jobs.teamId, ctx.team.id), eq(jobs.kind, "tune_trial"))).orderBy(asc(jobs.createdAt));
  const studyTrials = async (ctx: TeamCtx, runId: string) =>
    JSON.parse(new TextDecoder().decode((await getRunArtifact({ ctx, input: { runId, path: "study.json" } })).bytes)).study.trials as TrialRecord[];

  it("runs a wave's trials as tune_trial jobs on the pool: the first wave draws what the seeded study asks first, each trial job holds its trial", async () => {
    const { db, ctx, input } = await setUp();
    const job = await enqueueTune(ctx.member, input);
    startRunner(db, { workers: 3 });
    const done = await waitForJob(db, job.id, ["succeeded", "failed"], 120_000);
    expect([done.status, done.error]).toEqual(["succeeded", null]);
    const result = done.result as TuneJobResult;
    expect([result.trials, done.progressDone, done.progressTotal]).toEqual([4, 4, 4]);

    const children = await trialJobs(db, ctx.member);
    expect(children.map((c) => [c.status, (c.input as { number: number }).number])).toEqual([["succeeded", 0], ["succeeded", 1], ["succeeded", 2], ["succeeded", 3]]);
    const trials = await studyTrials(ctx.viewer, result.runId);
    expect(trials.map((t) => t.number)).toEqual([0, 1, 2, 3]);
    // Each trial as its job computed it.
    expect(children.map((c) => c.result)).toEqual(trials);
    // Trials 0 and 1 were asked together: what a fresh study with the seed asks first and second.
    const study = Study.create({ space: SPACE as never, seed: 3 });
    expect(trials.slice(0, 2).map((t) => t.params)).toEqual([study.ask().params, study.ask().params]);
    const complete = trials.filter((t) => t.state === "complete");
    expect(complete.length + result.pruned).toBe(4);
    const best = complete.reduce((a, b) => (b.value! < a.value! ? b : a));
    expect(result.best).toEqual({ number: best.number, value: best.value, params: best.params });
    expect((await getRunLineage({ ctx: ctx.viewer, input: { runId: result.runId } })).children).toHaveLength(4);
    const steps = (await db.select({ id: jobSteps.stepId }).from(jobSteps).where(eq(jobSteps.jobId, job.id))).map((s) => s.id);
    expect(steps.filter((s) => /^wave-\d+-trial-\d+$/.test(s)).sort()).toEqual(["wave-0-trial-0", "wave-0-trial-1", "wave-1-trial-2", "wave-1-trial-3"]);
  });

  it("computes the same trials itself on a pool of one thread, where its trial jobs could never start", async () => {
    const { db, ctx, input } = await setUp();
    const onPool = await enqueueTune(ctx.member, input);
    const pool = startRunner(db, { workers: 3 });
    const pooled = await waitForJob(db, onPool.id, ["succeeded", "failed"], 120_000);
    await pool.stop();
    const alone = await enqueueTune(ctx.member, { ...input, experiment: "Tuning alone" });
    const before = (await trialJobs(db, ctx.member)).length;
    startRunner(db, { workers: 1 });
    const inline = await waitForJob(db, alone.id, ["succeeded", "failed"], 120_000);
    expect([pooled.status, inline.status, inline.error]).toEqual(["succeeded", "succeeded", null]);
    expect(before).toBe(4);
    expect((await trialJobs(db, ctx.member)).length).toBe(4);
    expect(await studyTrials(ctx.viewer, (inline.result as TuneJobResult).runId)).toEqual(await studyTrials(ctx.viewer, (pooled.result as TuneJobResult).runId));
  });

  it("resumes mid-wave after its runner died without queuing the wave's trials again", async () => {
    const { db, ctx, input } = await setUp();
    const job = await enqueueTune(ctx.member, input);
    const first = startRunner(db, { workers: 3, leaseMs: 600_000 });
    // The runner dies (as a SIGKILL leaves it: threads gone, leases held) once the tune job has
    // queued the first wave and polled it once.
    await new Promise<void>((resolve) => first.on("step", ({ stepId }: { stepId: string }) => stepId === "wave-0-poll-0" && (first.kill(), resolve())));
    expect((await trialJobs(db, ctx.member)).length).toBe(2);

    startRunner(db, { workers: 3, exclusive: true });
    const done = await waitForJob(db, job.id, ["succeeded", "failed"], 120_000);
    expect([done.status, done.error, done.attempts]).toEqual(["succeeded", null, 2]);
    const children = await trialJobs(db, ctx.member);
    expect(children.map((c) => [c.status, (c.input as { number: number }).number])).toEqual([["succeeded", 0], ["succeeded", 1], ["succeeded", 2], ["succeeded", 3]]);
    expect((await studyTrials(ctx.viewer, (done.result as TuneJobResult).runId)).map((t) => t.state === "running")).toEqual([false, false, false, false]);
  });

  it("cancels its trial jobs when it is cancelled", async () => {
    const { db, ctx, input } = await setUp();
    const job = await enqueueTune(ctx.member, input);
    const runner = startRunner(db, { workers: 3 });
    await new Promise<void>((resolve) => runner.on("step", ({ stepId }: { stepId: string }) => stepId === "wave-0-trial-1" && resolve()));
    const stopped = new Promise<void>((resolve) => runner.on("finished", ({ jobId }: { jobId: string }) => jobId === job.id && resolve()));
    await cancelJob({ ctx: ctx.member, input: { id: job.id }, dispatcher: localDispatcher });
    await stopped;
    const children = await trialJobs(db, ctx.member);
    expect(children.map((c) => c.status)).toEqual(["cancelled", "cancelled"]);
  });

  it("refuses a parallelism outside 1–32, naming the field", async () => {
    const { ctx, input } = await setUp();
    for (const parallelism of [0, 33, 1.5]) {
      const err = await enqueueTune(ctx.member, { ...input, parallelism }).catch((e: unknown) => e);
      expect(JSON.stringify(err)).toContain("parallelism");
    }
  });
});

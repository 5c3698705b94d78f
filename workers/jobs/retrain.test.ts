import { and, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "@/db";
import { describeWithDatabase } from "@/db/testing/databases";
import { alerts } from "@/db/schema";
import { importSampleDataset } from "@/server/services/datasets/testing";
import { localDispatcher } from "@/server/services/jobs/dispatch";
import { enqueueJob } from "@/server/services/jobs/enqueue-job";
import { createModelVersion, createRegisteredModel, getRegisteredModel } from "@/server/services/registry/models";
import { approveTransition, listTransitionRequests, requestProduction } from "@/server/services/registry/stages";
import { createSchedule } from "@/server/services/schedules/create-schedule";
import { listSchedules } from "@/server/services/schedules/list-schedules";
import { retrainNow } from "@/server/services/schedules/retrain-now";
import { updateSchedule } from "@/server/services/schedules/update-schedule";
import { makeTeamWithRoles } from "@/server/services/testing";
import { getRun } from "@/server/services/tracking/runs";
import { testRunners, waitForJob } from "@/workers/local/testing";
import type { RetrainJobResult } from "./retrain";

const startRunner = testRunners();
const MODEL = "spx-gbdt";

describeWithDatabase("retrain job", (database) => {
  let world: Awaited<ReturnType<typeof makeTeamWithRoles>> & { scheduleId: string };

  /** SPX, a small GBDT trained walk-forward on 2015–2018 and registered as v1, approved to
   * Production, and a schedule whose first gates the real figures pass. */
  beforeAll(async () => {
    const { db } = database();
    const f = await makeTeamWithRoles(db);
    const spx = await importSampleDataset(f.ctx.member, "spx");
    const trained = await enqueueJob({
      ctx: f.ctx.member,
      input: {
        kind: "walk_forward",
        input: {
          target: { datasetId: spx.dataset.id, start: "2015-01-01", end: "2018-12-31" },
          splits: { trainMonths: 24, testMonths: 6, stepMonths: 6 },
          model: { algorithm: "gbdt", params: { nEstimators: 20, maxDepth: 3 } },
          importance: null,
          register: { model: MODEL },
        },
      },
      dispatcher: localDispatcher,
    });
    await runToEnd(db, trained.id);
    const request = await requestProduction({ ctx: f.ctx.member, input: { name: MODEL, version: 1 } });
    await approveTransition({ ctx: f.ctx.reviewer, input: { requestId: request.id } });
    const schedule = await createSchedule({ ctx: f.ctx.admin, input: { model: MODEL, cron: "0 2 * * *", timeZone: "Europe/London", gates: { min: { r2: -0.1 }, maxDegradation: 0.1, degradationMetric: "r2" } } });
    world = { ...f, scheduleId: schedule.id };
  }, 180_000);

  async function runToEnd(db: Db, jobId: string) {
    startRunner(db);
    return waitForJob(db, jobId, ["succeeded", "failed"], 120_000);
  }

  it("retrains with the Production recipe on the window moved to the last bar; passing its gates registers v2 and opens a Production request", async () => {
    const { db } = database();
    const { ctx, users } = world;
    const job = await retrainNow({ ctx: ctx.member, input: { id: world.scheduleId }, dispatcher: localDispatcher });
    const done = await runToEnd(db, job.id);
    expect([done.status, done.error]).toEqual(["succeeded", null]);
    const result = done.result as RetrainJobResult;
    expect(result).toMatchObject({ outcome: "passed", from: { version: 1 }, version: { name: MODEL, version: 2 } });
    // 2015-01-01 … 2018-12-31 (1,460 days) moved to end on SPX's last bar, 2020-04-17.
    expect(result.training.target).toMatchObject({ start: "2016-04-18", end: "2020-04-17" });
    expect(result.training.register).toBeUndefined();
    expect(result.gates.map((g) => [g.gate, g.passed])).toEqual([
      ["r2 > -0.1", true],
      ["r2 at most 10% worse than Production", true],
    ]);
    const run = await getRun({ ctx: ctx.viewer, input: { runId: result.runId } });
    const params = Object.fromEntries(run.params.map((p) => [p.key, p.value]));
    expect([params.start, params.end]).toEqual(["2016-04-18", "2020-04-17"]);

    const model = await getRegisteredModel({ ctx: ctx.viewer, input: { name: MODEL } });
    expect(model.versions.map((v) => [v.version, v.stage])).toEqual([
      [2, "None"],
      [1, "Production"],
    ]);
    // The gates read the new run's figures and Production's snapshot: R² (higher is better) at most 10% below v1's.
    const r2 = (v: number) => model.versions.find((x) => x.version === v)!.metrics.r2!;
    const worse = (r2(1) - r2(2)) / Math.abs(r2(1));
    expect(worse).toBeLessThanOrEqual(0.1);
    expect(result.gates[0]!.detail).toBe(`r2 = ${Number(r2(2).toPrecision(6))}`);
    expect(result.gates[1]!.detail).toBe(`r2 ${Number(r2(2).toPrecision(6))} vs Production v1 ${Number(r2(1).toPrecision(6))} (${Number((Math.max(0, worse) * 100).toPrecision(6))}% worse)`);
    const pending = await listTransitionRequests({ ctx: ctx.viewer, input: { status: "pending" } });
    expect(pending.map((r) => [r.id, r.modelName, r.version, r.requestedBy])).toEqual([[result.requestId, MODEL, 2, users.member.id]]);

    const [schedule] = await listSchedules({ ctx: ctx.viewer, input: { model: MODEL } });
    expect(schedule).toMatchObject({ lastStatus: "passed", lastReason: "v2 awaits a reviewer's approval for Production", lastVersion: 2, lastJob: { id: job.id, status: "succeeded" } });
  }, 180_000);

  it("a retrain whose gate cannot pass (min r2 0.9) registers nothing, records the failed gate and its figure, and raises a WARNING alert", async () => {
    const { db } = database();
    const { ctx, team } = world;
    // v2 (the last test's retrain) approved: its recipe is the training input its retrain job recorded.
    const [pending] = await listTransitionRequests({ ctx: ctx.viewer, input: { status: "pending" } });
    await approveTransition({ ctx: ctx.reviewer, input: { requestId: pending!.id } });
    await updateSchedule({ ctx: ctx.admin, input: { id: world.scheduleId, gates: { min: { r2: 0.9 } } } });
    const job = await retrainNow({ ctx: ctx.member, input: { id: world.scheduleId }, dispatcher: localDispatcher });
    const done = await runToEnd(db, job.id);
    expect([done.status, done.error]).toEqual(["succeeded", null]);
    const result = done.result as RetrainJobResult;
    expect([result.outcome, result.version, result.requestId, result.from]).toEqual(["gates_failed", null, null, { version: 2 }]);
    expect(result.training.target).toMatchObject({ start: "2016-04-18", end: "2020-04-17" });
    const r2 = (await getRun({ ctx: ctx.viewer, input: { runId: result.runId } })).metrics.find((m) => m.key === "r2")!.value;
    expect(r2).toBeLessThan(0.9);
    const reason = `gates failed: r2 > 0.9 (r2 = ${Number(r2.toPrecision(6))})`;

    expect((await getRegisteredModel({ ctx: ctx.viewer, input: { name: MODEL } })).versions.map((v) => [v.version, v.stage])).toEqual([
      [2, "Production"],
      [1, "Archived"],
    ]);
    const [schedule] = await listSchedules({ ctx: ctx.viewer, input: { model: MODEL } });
    expect(schedule).toMatchObject({ lastStatus: "gates_failed", lastReason: reason, lastJob: { id: job.id, status: "succeeded" } });
    const [alert] = await db.select().from(alerts).where(and(eq(alerts.teamId, team.id), eq(alerts.type, "WARNING")));
    expect(alert).toMatchObject({ severity: "warning", status: "open", title: `Retrain of ${MODEL} failed its gates`, scheduleId: world.scheduleId, details: { reason, runId: result.runId } });
    expect(alert!.modelId).toBe(schedule!.modelId);
  }, 180_000);

  it("fails clearly, and raises an ERROR alert, for a model without a Production version", async () => {
    const { db } = database();
    const { ctx, team } = world;
    await createRegisteredModel({ ctx: ctx.member, input: { name: "never-promoted" } });
    await createModelVersion({ ctx: ctx.member, input: { name: "never-promoted", source: "s3://models/x" } });
    const job = await enqueueJob({ ctx: ctx.member, input: { kind: "retrain", input: { model: "never-promoted" } }, dispatcher: localDispatcher });
    const done = await runToEnd(db, job.id);
    const message = 'registered model "never-promoted" has no Production version to take a training recipe from (field: model)';
    expect([done.status, done.error, done.attempts]).toEqual(["failed", message, 1]);
    const [alert] = await db.select().from(alerts).where(and(eq(alerts.teamId, team.id), eq(alerts.type, "ERROR")));
    expect(alert).toMatchObject({ title: "Retrain of never-promoted failed", details: { reason: `the retrain failed: ${message.replace(" (field: model)", "")}` } });
  }, 60_000);
});

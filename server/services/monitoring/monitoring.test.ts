import { and, asc, eq } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { ZodError } from "zod";
import { auditLog, driftMonitors, jobs } from "@/db/schema";
import { describeWithDatabase } from "@/db/testing/databases";
import { recordingDispatcher } from "../schedules/testing";
import { createDeployment } from "../serving/create-deployment";
import { predict } from "../serving/predict";
import { flushPredictionLog } from "../serving/prediction-log";
import { fitSpxGbdt, registerFitted, spxW3, type TrainedOn } from "../serving/testing";
import { makeTeamWithRoles } from "../testing";
import { importSampleDataset } from "../datasets/testing";
import { putRunArtifact } from "../tracking/artifacts";
import { checkDriftNow } from "./check-drift-now";
import { deleteDriftMonitor } from "./delete-drift-monitor";
import { bucketSeconds, getDeploymentHealth } from "./deployment-health";
import { getDriftMonitor } from "./monitor-view";
import { setDriftMonitor } from "./set-drift-monitor";
import { versionTrainingWindow } from "./training-window";

const spx = spxW3();
const gbdt = fitSpxGbdt(spx, { trees: 5 });
const last = spx.bars.close.length - 1;
const rowsAt = (ts: number[]) => ts.map((t) => Object.fromEntries(spx.features.names.map((n, j) => [n, spx.features.columns[j]![t]!])));

/** The field errors of a refused call, as `path: message`. */
const fieldErrors = (p: Promise<unknown>) =>
  p.then(
    () => [],
    (e: unknown) => (e instanceof ZodError ? e.issues.map((i) => `${i.path.join(".")}: ${i.message}`) : [`${(e as { code?: string }).code}: ${(e as Error).message}`]),
  );

describeWithDatabase("drift monitors and deployment health", (database) => {
  afterEach(flushPredictionLog);
  async function world() {
    const f = await makeTeamWithRoles(database().db);
    await registerFitted(f.ctx.member, "m", gbdt);
    const deployment = await createDeployment({ ctx: f.ctx.reviewer, input: { name: "ep", primary: { model: "m", version: 1 }, mode: "shadow", secondary: { model: "m", version: 1 } } });
    return { ...f, deployment };
  }

  it("set, change and remove a deployment's monitor: reviewers only, field errors named, audited, the next check from its cron", async () => {
    const { db } = database();
    const { ctx, deployment } = await world();
    const set = (input: Record<string, unknown>) => fieldErrors(setDriftMonitor({ ctx: ctx.reviewer, input: { deployment: "ep", cron: "0 * * * *", ...input } as never }));
    expect(await set({ cron: "0 25 * * *" })).toEqual(["cron: hour: 25 is out of range 0–23"]);
    expect(await set({ timeZone: "Mars/Olympus" })).toEqual(['timeZone: timeZone: "Mars/Olympus" is not a known IANA time zone (e.g. Europe/London, America/New_York, UTC)']);
    expect(await set({ settings: { current: { source: "log", hours: -1 } } })).toEqual(["settings.current.hours: current.hours must be positive"]);
    expect(await set({ settings: { current: { source: "tape" } } })).toEqual(["settings.current.source: current.source must be log or dataset"]);
    expect(await set({ settings: { minRows: 5, outcomes: { datasetId: "x" } } })).toEqual(["settings.minRows: minRows must be 10–100000", "settings.outcomes.datasetId: outcomes.datasetId must be a dataset id"]);
    expect(await fieldErrors(setDriftMonitor({ ctx: ctx.member, input: { deployment: "ep", cron: "@daily" } }))).toEqual(["FORBIDDEN: the member role cannot do monitor:write"]);
    expect(await fieldErrors(setDriftMonitor({ ctx: ctx.reviewer, input: { deployment: "nope", cron: "@daily" } }))).toEqual(['NOT_FOUND: deployment "nope" not found']);

    const before = Date.now();
    const created = await setDriftMonitor({ ctx: ctx.reviewer, input: { deployment: "ep", cron: "30 6 * * 1-5", timeZone: "America/New_York" } });
    expect(created).toMatchObject({ deployment: "ep", cron: "30 6 * * 1-5", timeZone: "America/New_York", enabled: true, lastStatus: null, lastJob: null });
    expect(created!.description).toMatch(/06:30/);
    expect(created!.upcoming).toHaveLength(3);
    expect(created!.nextRunAt!.getTime()).toBeGreaterThan(before);
    expect(created!.nextRunAt).toEqual(created!.upcoming[0]);

    const paused = await setDriftMonitor({ ctx: ctx.admin, input: { deployment: "ep", cron: "30 6 * * 1-5", timeZone: "America/New_York", enabled: false, settings: { current: { source: "log", hours: 6 } } } });
    expect([paused!.id, paused!.enabled, paused!.nextRunAt, paused!.upcoming, paused!.settings.current]).toEqual([created!.id, false, null, [], { source: "log", hours: 6, maxRows: 5000 }]);
    expect(await getDriftMonitor({ ctx: ctx.viewer, input: { deployment: "ep" } })).toMatchObject({ id: created!.id, enabled: false });

    expect(await fieldErrors(deleteDriftMonitor({ ctx: ctx.member, input: { deployment: "ep" } }))).toEqual(["FORBIDDEN: the member role cannot do monitor:write"]);
    expect(await deleteDriftMonitor({ ctx: ctx.reviewer, input: { deployment: "ep" } })).toEqual({ deployment: "ep", deleted: true });
    expect(await getDriftMonitor({ ctx: ctx.viewer, input: { deployment: "ep" } })).toBeNull();
    expect(await fieldErrors(deleteDriftMonitor({ ctx: ctx.reviewer, input: { deployment: "ep" } }))).toEqual(['NOT_FOUND: drift monitor of "ep" not found']);
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.targetType, "drift_monitor"), eq(auditLog.targetId, created!.id))).orderBy(asc(auditLog.id));
    expect(audit.map((a) => a.action)).toEqual(["drift_monitor.create", "drift_monitor.update", "drift_monitor.delete"]);
    expect(await db.select().from(driftMonitors).where(eq(driftMonitors.deploymentId, deployment.id))).toEqual([]);
  });

  it("check now queues one drift_check with the monitor's settings, as the caller, and refuses a second while the first is queued", async () => {
    const { db } = database();
    const { ctx } = await world();
    const { dispatcher, requested } = recordingDispatcher();
    // Without a monitor: the default settings, nothing recorded on a monitor.
    const plain = await checkDriftNow({ ctx: ctx.member, input: { deployment: "ep" }, dispatcher });
    expect(plain.input).toEqual({ deployment: "ep", settings: { current: { source: "log", hours: 24, maxRows: 5000 }, minRows: 50, outcomes: null } });
    const monitor = await setDriftMonitor({ ctx: ctx.reviewer, input: { deployment: "ep", cron: "@daily", settings: { minRows: 10 } } });
    const job = await checkDriftNow({ ctx: ctx.member, input: { deployment: "ep" }, dispatcher });
    expect([job.kind, job.createdBy, job.input]).toEqual(["drift_check", ctx.member.actor.type === "user" ? ctx.member.actor.userId : null, { deployment: "ep", monitorId: monitor!.id, settings: { current: { source: "log", hours: 24, maxRows: 5000 }, minRows: 10, outcomes: null } }]);
    expect(requested.map((j) => j.id)).toEqual([plain.id, job.id]);
    expect(await fieldErrors(checkDriftNow({ ctx: ctx.member, input: { deployment: "ep" }, dispatcher }))).toEqual([`CONFLICT: the last drift check of "ep" (job ${job.id}) is still queued`]);
    expect(await fieldErrors(checkDriftNow({ ctx: ctx.viewer, input: { deployment: "ep" }, dispatcher }))).toEqual(["FORBIDDEN: the viewer role cannot do monitor:run"]);
    const [row] = await db.select().from(driftMonitors).where(eq(driftMonitors.id, monitor!.id));
    expect([row!.lastStatus, row!.lastJobId, row!.nextRunAt]).toEqual(["queued", job.id, monitor!.nextRunAt]); // the scheduled check stays
    expect(await db.select({ id: jobs.id }).from(jobs).where(and(eq(jobs.teamId, ctx.admin.team.id), eq(jobs.kind, "drift_check")))).toHaveLength(2);
  });

  it("health: answered and failed requests, p50/p99 latency of the answered ones; shadow scoring left out", async () => {
    const { ctx } = await world();
    for (let i = 0; i < 5; i++) await predict({ ctx: ctx.viewer, input: { name: "ep", request: { rows: rowsAt([last - i]) } } });
    const { sma20: _, ...lacking } = rowsAt([last])[0]!;
    await expect(predict({ ctx: ctx.viewer, input: { name: "ep", request: { rows: [lacking] } } })).rejects.toMatchObject({ code: "UNPROCESSABLE" });
    await flushPredictionLog();
    const h = await getDeploymentHealth({ ctx: ctx.viewer, input: { deployment: "ep" } });
    expect([h.hours, h.bucketSeconds, h.requests, h.errors, h.errorRate]).toEqual([24, 3600, 6, 1, 1 / 6]);
    expect(h.buckets.reduce((s, b) => s + b.requests, 0)).toBe(6);
    const b = h.buckets.at(-1)!;
    expect(b.p50Ms).toBeGreaterThan(0);
    expect(b.p99Ms).toBeGreaterThanOrEqual(b.p50Ms!);
    expect(await fieldErrors(getDeploymentHealth({ ctx: ctx.viewer, input: { deployment: "ep", hours: 0 } }))).toEqual(["hours: hours must be 1–2160"]);
  });

  it("a version's training window: the last fold of its run's report.json, else the run's start/end params, else the whole dataset version; none without a dataset version", async () => {
    const { ctx } = await world();
    const data = await importSampleDataset(ctx.member, "spx", `spx-${crypto.randomUUID().slice(0, 8)}`);
    const window = async (trainedOn: TrainedOn, report?: unknown) => {
      const v = await registerFitted(ctx.member, "windowed", gbdt, { run: trainedOn });
      if (report) await putRunArtifact({ ctx: ctx.member, input: { runId: v.runId!, path: "report.json", bytes: new TextEncoder().encode(JSON.stringify(report)) } });
      return versionTrainingWindow(ctx.viewer, { model: "windowed", version: v.version, runId: v.runId });
    };
    const on = { datasetVersionId: data.version.id, params: { symbol: "SPX", start: "2012-01-01", end: "2016-12-31" } };
    const perFold = [
      { index: 0, trainStart: "2012-01-03T00:00:00.000Z", testStart: "2015-01-02T00:00:00.000Z" },
      { index: 1, trainStart: "2012-04-02T00:00:00.000Z", testStart: "2015-04-01T00:00:00.000Z" },
    ];
    const base = { datasetId: data.dataset.id, datasetVersion: 1, symbol: "SPX" };
    expect(await window(on, { perFold })).toEqual({ ...base, runId: expect.any(String), fromMs: Date.parse(perFold[1]!.trainStart), toMs: Date.parse(perFold[1]!.testStart), basis: "last fold of report.json" });
    expect(await window(on)).toEqual({ ...base, runId: expect.any(String), fromMs: Date.parse("2012-01-01T00:00:00Z"), toMs: Date.parse("2017-01-01T00:00:00Z"), basis: "run params start/end" });
    expect(await window({ datasetVersionId: data.version.id })).toMatchObject({ symbol: undefined, fromMs: -Infinity, toMs: Infinity, basis: "whole dataset version" });
    await expect(window({})).rejects.toThrow(/^version \d+ of "windowed" has no known training window: its run [0-9a-f-]{36} names no dataset version$/);
  });

  it("bucket widths: at most 60 buckets, from a minute to a day", () => {
    expect([1, 5, 6, 24, 48, 72, 168, 360, 2160].map(bucketSeconds)).toEqual([60, 300, 900, 3600, 3600, 3 * 3600, 3 * 3600, 6 * 3600, 86_400]);
  });
});

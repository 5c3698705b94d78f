import { and, eq } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { describeWithDatabase } from "@/db/testing/databases";
import { jobs } from "@/db/schema";
import { createRegisteredModel } from "@/server/services/registry/models";
import { createSchedule } from "@/server/services/schedules/create-schedule";
import { makeScheduleDue, recordingDispatcher } from "@/server/services/schedules/testing";
import { makeTeamWithRoles } from "@/server/services/testing";
import { driftMonitors } from "@/db/schema";
import { setDriftMonitor } from "@/server/services/monitoring/set-drift-monitor";
import { createDeployment } from "@/server/services/serving/create-deployment";
import { fitSpxGbdt, registerFitted, spxW3 } from "@/server/services/serving/testing";
import { RetrainScheduler, type SchedulerOutcome } from "./scheduler";

const started: RetrainScheduler[] = [];
afterEach(() => {
  for (const s of started.splice(0)) s.stop();
});

describeWithDatabase("local retrain scheduler", (database) => {
  it("ticks at start and every interval, queueing a due schedule's retrain once and handing it to the runner after commit", async () => {
    const { db } = database();
    const { ctx, team } = await makeTeamWithRoles(db);
    await createRegisteredModel({ ctx: ctx.admin, input: { name: "m" } });
    const schedule = await createSchedule({ ctx: ctx.admin, input: { model: "m", cron: "@hourly" } });
    await makeScheduleDue(db, schedule.id);
    const { dispatcher, requested } = recordingDispatcher();
    const ticks: SchedulerOutcome[][] = [];
    started.push(new RetrainScheduler({ db, intervalMs: 20, dispatcher, onTick: (o) => ticks.push(o) }).start());
    while (ticks.length < 3) await new Promise((r) => setTimeout(r, 10));

    const queued = await db.select().from(jobs).where(and(eq(jobs.teamId, team.id), eq(jobs.kind, "retrain")));
    expect(queued).toHaveLength(1);
    expect(ticks.flat()).toEqual([{ scheduleId: schedule.id, queued: queued[0]!.id }]);
    expect(requested.map((j) => [j.id, j.kind])).toEqual([[queued[0]!.id, "retrain"]]);
  });

  it("the same tick queues a due drift monitor's check once", async () => {
    const { db } = database();
    const { ctx, team } = await makeTeamWithRoles(db);
    await registerFitted(ctx.member, "m", fitSpxGbdt(spxW3(), { trees: 2 }));
    await createDeployment({ ctx: ctx.reviewer, input: { name: "ep", primary: { model: "m", version: 1 } } });
    const monitor = await setDriftMonitor({ ctx: ctx.reviewer, input: { deployment: "ep", cron: "@hourly" } });
    await db.update(driftMonitors).set({ nextRunAt: new Date(Date.now() - 60_000) }).where(eq(driftMonitors.id, monitor!.id));
    const { dispatcher, requested } = recordingDispatcher();
    const ticks: SchedulerOutcome[][] = [];
    started.push(new RetrainScheduler({ db, intervalMs: 20, dispatcher, onTick: (o) => ticks.push(o) }).start());
    while (ticks.length < 3) await new Promise((r) => setTimeout(r, 10));

    const queued = await db.select().from(jobs).where(and(eq(jobs.teamId, team.id), eq(jobs.kind, "drift_check")));
    expect(queued.map((j) => j.input)).toEqual([{ deployment: "ep", monitorId: monitor!.id, settings: { current: { source: "log", hours: 24, maxRows: 5000 }, minRows: 50, outcomes: null } }]);
    expect(ticks.flat()).toEqual([{ monitorId: monitor!.id, queued: queued[0]!.id }]);
    expect(requested.map((j) => [j.id, j.kind])).toEqual([[queued[0]!.id, "drift_check"]]);
  });
});

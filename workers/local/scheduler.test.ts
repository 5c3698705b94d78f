import { and, eq } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { describeWithDatabase } from "@/db/testing/databases";
import { jobs } from "@/db/schema";
import { createRegisteredModel } from "@/server/services/registry/models";
import { createSchedule } from "@/server/services/schedules/create-schedule";
import type { TickOutcome } from "@/server/services/schedules/run-due-schedules";
import { makeScheduleDue, recordingDispatcher } from "@/server/services/schedules/testing";
import { makeTeamWithRoles } from "@/server/services/testing";
import { RetrainScheduler } from "./scheduler";

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
    const ticks: TickOutcome[][] = [];
    started.push(new RetrainScheduler({ db, intervalMs: 20, dispatcher, onTick: (o) => ticks.push(o) }).start());
    while (ticks.length < 3) await new Promise((r) => setTimeout(r, 10));

    const queued = await db.select().from(jobs).where(and(eq(jobs.teamId, team.id), eq(jobs.kind, "retrain")));
    expect(queued).toHaveLength(1);
    expect(ticks.flat()).toEqual([{ scheduleId: schedule.id, queued: queued[0]!.id }]);
    expect(requested.map((j) => [j.id, j.kind])).toEqual([[queued[0]!.id, "retrain"]]);
  });
});

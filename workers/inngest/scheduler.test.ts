import { InngestTestEngine } from "@inngest/test";
import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { describeWithDatabase } from "@/db/testing/databases";
import { jobs } from "@/db/schema";
import { createRegisteredModel } from "@/server/services/registry/models";
import { createSchedule } from "@/server/services/schedules/create-schedule";
import { makeScheduleDue, recordingDispatcher } from "@/server/services/schedules/testing";
import { makeTeamWithRoles } from "@/server/services/testing";
import { createRetrainSchedulerFunction } from "./scheduler";

it("is an Inngest cron function running every minute, one at a time", () => {
  const fn = createRetrainSchedulerFunction();
  expect(fn.id()).toBe("foldline-retrain-scheduler");
  expect(fn.opts).toMatchObject({ triggers: [{ cron: "* * * * *" }], concurrency: [{ limit: 1 }] });
});

describeWithDatabase("Inngest retrain scheduler", (database) => {
  it("queues each due retrain once, however often it is invoked", async () => {
    const { db } = database();
    const { ctx, team } = await makeTeamWithRoles(db);
    await createRegisteredModel({ ctx: ctx.admin, input: { name: "m" } });
    const schedule = await createSchedule({ ctx: ctx.admin, input: { model: "m", cron: "0 2 * * *", timeZone: "Asia/Tokyo" } });
    await makeScheduleDue(db, schedule.id);
    const { dispatcher, requested } = recordingDispatcher();
    const fn = createRetrainSchedulerFunction({ database: async () => database(), dispatcher });

    const first = await new InngestTestEngine({ function: fn, events: [{ name: "inngest/scheduled.timer", data: {} }] as [never] }).execute();
    const second = await new InngestTestEngine({ function: fn, events: [{ name: "inngest/scheduled.timer", data: {} }] as [never] }).execute();
    const queued = await db.select().from(jobs).where(and(eq(jobs.teamId, team.id), eq(jobs.kind, "retrain")));
    expect(queued).toHaveLength(1);
    expect(first.result).toEqual([{ scheduleId: schedule.id, queued: queued[0]!.id }]);
    expect(second.result).toEqual([]);
    expect(requested.map((j) => j.id)).toEqual([queued[0]!.id]);
  });
});

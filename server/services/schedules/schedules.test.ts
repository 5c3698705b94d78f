import { and, eq } from "drizzle-orm";
import { ZodError } from "zod";
import { expect, it } from "vitest";
import type { Db } from "@/db";
import { describeWithDatabase } from "@/db/testing/databases";
import { alerts, auditLog, jobs, retrainSchedules } from "@/db/schema";
import { nextRun } from "@/server/quant/schedule/cron";
import type { TeamCtx } from "../context";
import { addMember } from "../members/add-member";
import { removeMember } from "../members/remove-member";
import { createRegisteredModel } from "../registry/models";
import { makeTeamWithRoles, makeUser } from "../testing";
import { createSchedule } from "./create-schedule";
import { deleteSchedule } from "./delete-schedule";
import { listSchedules } from "./list-schedules";
import { previewSchedule } from "./preview-schedule";
import { retrainNow } from "./retrain-now";
import { runDueSchedules } from "./run-due-schedules";
import { makeScheduleDue } from "./testing";
import { updateSchedule } from "./update-schedule";

/** The field errors of a refused call, as `path: message`. */
const fieldErrors = (p: Promise<unknown>) =>
  p.then(
    () => [],
    (e: unknown) => (e instanceof ZodError ? e.issues.map((i) => `${i.path.join(".")}: ${i.message}`) : [`${(e as { code?: string }).code}: ${(e as Error).message}`]),
  );

async function teamWithModel(db: Db) {
  const f = await makeTeamWithRoles(db);
  const name = `m-${crypto.randomUUID().slice(0, 8)}`;
  await createRegisteredModel({ ctx: f.ctx.admin, input: { name } });
  return { ...f, name };
}

const retrainJobs = (db: Db, teamId: string) => db.select().from(jobs).where(and(eq(jobs.teamId, teamId), eq(jobs.kind, "retrain")));

describeWithDatabase("retrain schedules", (database) => {
  it("refuses bad settings with errors naming the field (and the cron field inside the expression)", async () => {
    const { db } = database();
    const { ctx, name } = await teamWithModel(db);
    const create = (input: Record<string, unknown>) => fieldErrors(createSchedule({ ctx: ctx.admin, input: { model: name, cron: "0 2 * * *", ...input } as never }));
    expect(await create({ cron: "0 25 * * *" })).toEqual(["cron: hour: 25 is out of range 0–23"]);
    expect(await create({ cron: "0 2 * * FUNDAY" })).toEqual(['cron: day-of-week: "FUNDAY" is not a valid value (a number or one of SUN, MON, TUE, WED, THU, FRI, SAT)']);
    expect(await create({ cron: "0 2 31 2 *" })).toEqual(["cron: day-of-month: day 31 never occurs in February"]);
    expect(await create({ timeZone: "Mars/Olympus_Mons" })).toEqual([expect.stringMatching(/^timeZone: timeZone: .*Mars\/Olympus_Mons/)]);
    expect(await create({ gates: { min: { sharpe_ratio: 1 } } })).toEqual([expect.stringMatching(/^gates\.min\.sharpe_ratio: sharpe_ratio is not a metric a retrain reports \(one of rmse, mae, r2, /)]);
    expect(await create({ gates: { maxDegradation: 1.5 } })).toEqual(["gates.maxDegradation: maxDegradation is a fraction in 0–1 (0.1 = 10% worse)"]);
    expect(await create({ onPass: "production" })).toEqual(["onPass: onPass must be one of request_production, staging"]);
    expect(await fieldErrors(createSchedule({ ctx: ctx.member, input: { model: name, cron: "0 2 * * *" } }))).toEqual(["FORBIDDEN: the member role cannot do schedule:write"]);
    expect(await fieldErrors(createSchedule({ ctx: ctx.admin, input: { model: "no-such-model", cron: "0 2 * * *" } }))).toEqual(['NOT_FOUND: registered model "no-such-model" not found']);
    expect(await fieldErrors(Promise.resolve().then(() => previewSchedule({ cron: "*/0 * * * *", timeZone: "UTC" })))).toEqual(['cron: minute: step "0" must be a positive integer']);
  });

  it("creates, lists, updates and deletes a schedule (audited), with the cron in words and its next runs", async () => {
    const { db } = database();
    const { ctx, name, users } = await teamWithModel(db);
    const before = new Date();
    const created = await createSchedule({
      ctx: ctx.admin,
      input: { model: name, cron: "0 2 * * *", timeZone: "Europe/London", gates: { min: { r2: -0.1 }, maxDegradation: 0.1 } },
    });
    expect(created).toMatchObject({ model: name, description: "daily at 02:00", enabled: true, onPass: "request_production", gates: { min: { r2: -0.1 }, maxDegradation: 0.1 }, lastStatus: null, lastJob: null });
    expect(created.nextRunAt!.getTime()).toBe(nextRun("0 2 * * *", "Europe/London", before).getTime());
    expect(created.upcoming.map((d) => d.toISOString().slice(11, 16))).toEqual(expect.arrayContaining([expect.stringMatching(/^0[12]:00$/)]));
    expect(created.upcoming).toHaveLength(3);

    const moved = await updateSchedule({ ctx: ctx.admin, input: { id: created.id, cron: "0 3 * * SUN", timeZone: "America/New_York", onPass: "staging" } });
    expect(moved).toMatchObject({ description: "Sunday at 03:00", timeZone: "America/New_York", onPass: "staging", gates: { min: { r2: -0.1 } } });
    expect(moved.nextRunAt!.getTime()).toBe(nextRun("0 3 * * SUN", "America/New_York", before).getTime());
    // Checked as a whole: the stored cron with a bad zone names the zone.
    expect(await fieldErrors(updateSchedule({ ctx: ctx.admin, input: { id: created.id, timeZone: "Nowhere/Town" } }))).toEqual([expect.stringMatching(/^timeZone: /)]);
    const paused = await updateSchedule({ ctx: ctx.admin, input: { id: created.id, enabled: false } });
    expect([paused.enabled, paused.nextRunAt, paused.upcoming]).toEqual([false, null, []]);

    expect((await listSchedules({ ctx: ctx.viewer, input: { model: name } })).map((s) => s.id)).toEqual([created.id]);
    expect(await fieldErrors(deleteSchedule({ ctx: ctx.reviewer, input: { id: created.id } }))).toEqual(["FORBIDDEN: the reviewer role cannot do schedule:write"]);
    await deleteSchedule({ ctx: ctx.admin, input: { id: created.id } });
    expect(await listSchedules({ ctx: ctx.viewer, input: { model: name } })).toEqual([]);
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.targetType, "retrain_schedule"), eq(auditLog.targetId, created.id)));
    expect(audit.map((a) => [a.action, a.actorEmail])).toEqual([
      ["schedule.create", users.admin.email],
      ["schedule.update", users.admin.email],
      ["schedule.update", users.admin.email],
      ["schedule.delete", users.admin.email],
    ]);
  });

  it("queues one retrain per due time even when two ticks run at once, and moves the next run past now", async () => {
    const { db } = database();
    const { ctx, name, team } = await teamWithModel(db);
    const s = await createSchedule({ ctx: ctx.admin, input: { model: name, cron: "*/5 * * * *", gates: { min: { r2: 0 } }, onPass: "staging" } });
    const now = new Date();
    await makeScheduleDue(db, s.id, now);

    const [a, b] = await Promise.all([runDueSchedules({ db, now }), runDueSchedules({ db, now })]);
    const mine = [...a, ...b].filter((o) => o.scheduleId === s.id);
    expect(mine).toEqual([{ scheduleId: s.id, queued: expect.any(String) }]);
    const queued = await retrainJobs(db, team.id);
    expect(queued.map((j) => [j.id, j.input])).toEqual([[(mine[0] as { queued: string }).queued, { model: name, scheduleId: s.id, gates: { min: { r2: 0 } }, onPass: "staging" }]]);
    const [row] = await db.select().from(retrainSchedules).where(eq(retrainSchedules.id, s.id));
    expect(row).toMatchObject({ lastStatus: "queued", lastJobId: queued[0]!.id, lastRunAt: now, nextRunAt: nextRun("*/5 * * * *", "UTC", now) });
    expect(row!.nextRunAt!.getTime()).toBeGreaterThan(now.getTime());

    // Nothing is due any more at the same instant; due again while its job is still queued: skipped, next run moved.
    expect((await runDueSchedules({ db, now })).filter((o) => o.scheduleId === s.id)).toEqual([]);
    await makeScheduleDue(db, s.id, now);
    expect((await runDueSchedules({ db, now })).filter((o) => o.scheduleId === s.id)).toEqual([{ scheduleId: s.id, skipped: `its last retrain (job ${queued[0]!.id}) is still queued` }]);
    expect(await retrainJobs(db, team.id)).toHaveLength(1);
  });

  it("records a scheduled run that cannot be queued (its creator left the team) and raises an ERROR alert", async () => {
    const { db } = database();
    const { ctx, name, team } = await teamWithModel(db);
    const leaver = await makeUser(db, "leaver");
    await addMember({ ctx: ctx.admin, input: { email: leaver.email, role: "admin" } });
    const leaverCtx: TeamCtx = { ...ctx.admin, actor: { type: "user", userId: leaver.id, email: leaver.email } };
    const s = await createSchedule({ ctx: leaverCtx, input: { model: name, cron: "@daily" } });
    await removeMember({ ctx: ctx.admin, input: { userId: leaver.id } });
    const now = new Date();
    await makeScheduleDue(db, s.id, now);

    const reason = `the retrain due ${new Date(now.getTime() - 60_000).toISOString()} was not queued: the job's creator is no longer a member of its team`;
    expect((await runDueSchedules({ db, now })).filter((o) => o.scheduleId === s.id)).toEqual([{ scheduleId: s.id, failed: reason }]);
    const [view] = await listSchedules({ ctx: ctx.viewer, input: { model: name } });
    expect(view).toMatchObject({ lastStatus: "failed", lastReason: reason, lastJob: null });
    expect(await retrainJobs(db, team.id)).toEqual([]);
    const raised = await db.select().from(alerts).where(eq(alerts.teamId, team.id));
    expect(raised.map((r) => [r.type, r.title, r.scheduleId, (r.details as { reason: string }).reason])).toEqual([["ERROR", "A scheduled retrain could not start", s.id, reason]]);

    // Saving it again makes the saver the user its runs act as.
    await updateSchedule({ ctx: ctx.admin, input: { id: s.id, enabled: true, cron: "@hourly" } });
    await makeScheduleDue(db, s.id, now);
    expect((await runDueSchedules({ db, now })).filter((o) => o.scheduleId === s.id)).toEqual([{ scheduleId: s.id, queued: expect.any(String) }]);
  });

  it("retrains now as the caller, once at a time", async () => {
    const { db } = database();
    const { ctx, name, users } = await teamWithModel(db);
    const s = await createSchedule({ ctx: ctx.admin, input: { model: name, cron: "0 2 * * *" } });
    expect(await fieldErrors(retrainNow({ ctx: ctx.viewer, input: { id: s.id } }))).toEqual(["FORBIDDEN: the viewer role cannot do schedule:run"]);
    const job = await retrainNow({ ctx: ctx.member, input: { id: s.id } });
    expect([job.kind, job.createdBy, job.input]).toEqual(["retrain", users.member.id, { model: name, scheduleId: s.id, gates: {}, onPass: "request_production" }]);
    expect(await fieldErrors(retrainNow({ ctx: ctx.member, input: { id: s.id } }))).toEqual([`CONFLICT: the schedule's last retrain (job ${job.id}) is still queued`]);
    const [view] = await listSchedules({ ctx: ctx.viewer, input: { model: name } });
    expect(view).toMatchObject({ lastStatus: "queued", lastJob: { id: job.id, status: "queued" }, nextRunAt: s.nextRunAt });
  });
});

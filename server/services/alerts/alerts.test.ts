import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { describeWithDatabase } from "@/db/testing/databases";
import { auditLog } from "@/db/schema";
import { makeTeamWithRoles } from "../testing";
import { createRegisteredModel } from "../registry/models";
import { acknowledgeAlert } from "./acknowledge-alert";
import { listAlerts } from "./list-alerts";
import { raiseAlert } from "./raise-alert";
import { resolveAlert } from "./resolve-alert";

const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as { code?: string; message: string });

describeWithDatabase("alerts", (database) => {
  it("deduplicates an unresolved alert by type and sources: count and last seen move, severity keeps the highest", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const model = await createRegisteredModel({ ctx: ctx.admin, input: { name: "m" } });
    const drift = { type: "DRIFT", severity: "critical", title: "PSI 0.31 on rsi_14", modelId: model.id, key: "rsi_14" } as const;
    const first = await raiseAlert({ ctx: ctx.member, input: drift });
    expect([first.created, first.alert.count, first.alert.status]).toEqual([true, 1, "open"]);

    const again = await raiseAlert({ ctx: ctx.member, input: { ...drift, severity: "warning", title: "PSI 0.27 on rsi_14", details: { psi: 0.27 } } });
    expect(again.created).toBe(false);
    expect(again.alert.id).toBe(first.alert.id);
    expect(again.alert).toMatchObject({ count: 2, severity: "critical", title: "PSI 0.27 on rsi_14", details: { psi: 0.27 } });
    expect(again.alert.lastSeenAt.getTime()).toBeGreaterThanOrEqual(first.alert.lastSeenAt.getTime());

    // Another source (feature), another type, or no model: separate alerts.
    const others = await Promise.all([
      raiseAlert({ ctx: ctx.member, input: { ...drift, key: "atr_14" } }),
      raiseAlert({ ctx: ctx.member, input: { ...drift, type: "PERFORMANCE" } }),
      raiseAlert({ ctx: ctx.member, input: { ...drift, modelId: undefined } }),
    ]);
    expect(others.map((o) => o.created)).toEqual([true, true, true]);
    expect(new Set([first.alert.id, ...others.map((o) => o.alert.id)]).size).toBe(4);

    // Raised five times at once: still one row, counted five more times.
    await Promise.all(Array.from({ length: 5 }, () => raiseAlert({ ctx: ctx.member, input: drift })));
    const { items } = await listAlerts({ ctx: ctx.viewer, input: { type: ["DRIFT"] } });
    expect(items.find((a) => a.id === first.alert.id)).toMatchObject({ count: 7, modelName: "m" });
  });

  it("goes open → acknowledged → resolved by whom and when, audited; a repeat after resolving opens a new alert", async () => {
    const { db } = database();
    const { ctx, users } = await makeTeamWithRoles(db);
    const input = { type: "WARNING", severity: "warning", title: "Retrain of m failed its gates", key: "retrain:m" } as const;
    const { alert } = await raiseAlert({ ctx: ctx.member, input });

    expect(await errorOf(acknowledgeAlert({ ctx: ctx.viewer, input: { id: alert.id } }))).toMatchObject({ code: "FORBIDDEN" });
    const acked = await acknowledgeAlert({ ctx: ctx.member, input: { id: alert.id } });
    expect(acked).toMatchObject({ status: "acknowledged", acknowledgedBy: users.member.id });
    expect(acked.acknowledgedAt).toBeInstanceOf(Date);
    expect(await errorOf(acknowledgeAlert({ ctx: ctx.reviewer, input: { id: alert.id } }))).toMatchObject({ code: "CONFLICT", message: "the alert is already acknowledged" });

    // Still the same problem while someone is on it: counted on the acknowledged row.
    const repeat = await raiseAlert({ ctx: ctx.member, input });
    expect([repeat.created, repeat.alert.id, repeat.alert.count, repeat.alert.status]).toEqual([false, alert.id, 2, "acknowledged"]);

    const resolved = await resolveAlert({ ctx: ctx.reviewer, input: { id: alert.id } });
    expect(resolved).toMatchObject({ status: "resolved", resolvedBy: users.reviewer.id, acknowledgedBy: users.member.id });
    expect(await errorOf(resolveAlert({ ctx: ctx.admin, input: { id: alert.id } }))).toMatchObject({ code: "CONFLICT" });

    const audit = await db.select().from(auditLog).where(and(eq(auditLog.targetType, "alert"), eq(auditLog.targetId, alert.id)));
    expect(audit.map((a) => [a.action, a.actorEmail, (a.before as { status: string }).status, (a.after as { status: string }).status]).sort()).toEqual([
      ["alert.acknowledge", users.member.email, "open", "acknowledged"],
      ["alert.resolve", users.reviewer.email, "acknowledged", "resolved"],
    ]);

    const reopened = await raiseAlert({ ctx: ctx.member, input });
    expect([reopened.created, reopened.alert.id === alert.id, reopened.alert.count]).toEqual([true, false, 1]);

    const open = await listAlerts({ ctx: ctx.viewer, input: { status: "open,acknowledged" } });
    expect(open.items.map((a) => a.id)).toEqual([reopened.alert.id]);
    const all = await listAlerts({ ctx: ctx.viewer, input: { limit: 1 } });
    expect([all.items.length, all.nextBefore !== null]).toEqual([1, true]);
    expect(await errorOf(listAlerts({ ctx: ctx.viewer, input: { status: "closed" } }))).toMatchObject({ message: expect.stringContaining("status must be one of open, acknowledged, resolved") });
  });

  it("another team's alert is NOT_FOUND and stays as it is", async () => {
    const { db } = database();
    const a = await makeTeamWithRoles(db);
    const b = await makeTeamWithRoles(db);
    const { alert } = await raiseAlert({ ctx: a.ctx.member, input: { type: "ERROR", severity: "info", title: "x" } });
    expect(await errorOf(acknowledgeAlert({ ctx: b.ctx.admin, input: { id: alert.id } }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await errorOf(resolveAlert({ ctx: b.ctx.admin, input: { id: alert.id } }))).toMatchObject({ code: "NOT_FOUND" });
    expect((await listAlerts({ ctx: b.ctx.admin })).items).toEqual([]);
    expect((await listAlerts({ ctx: a.ctx.viewer })).items.map((x) => x.status)).toEqual(["open"]);
  });
});

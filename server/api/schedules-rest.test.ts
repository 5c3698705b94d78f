import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { describeWithDatabase } from "@/db/testing/databases";
import { auditLog } from "@/db/schema";
import { raiseAlert } from "@/server/services/alerts/raise-alert";
import { localDispatcher } from "@/server/services/jobs/dispatch";
import { createModelVersion, createRegisteredModel, getRegisteredModel } from "@/server/services/registry/models";
import { approveTransition, requestProduction } from "@/server/services/registry/stages";
import { makeTeamWithRoles } from "@/server/services/testing";
import { alertsHandlers } from "./alerts-rest";
import { schedulesHandlers } from "./schedules-rest";
import { bearerRequest, tokensByRole } from "./testing/bearer";

describeWithDatabase("schedules, rollback and alerts over REST", (database) => {
  const schedules = () => schedulesHandlers({ database: async () => database(), dispatcher: localDispatcher });
  const alerts = () => alertsHandlers({ database: async () => database() });
  const call = async (handler: (req: Request) => Promise<Response>, token: string, method: string, path: string, body?: unknown) => {
    const res = await handler(bearerRequest(`http://test${path}`, token, method, body));
    return { status: res.status, body: await res.json() };
  };

  it("creates, lists, changes, runs and deletes a model's schedules, with field errors naming the field", async () => {
    const { db } = database();
    const f = await makeTeamWithRoles(db);
    const t = await tokensByRole(f.ctx);
    await createRegisteredModel({ ctx: f.ctx.admin, input: { name: "spx model" } });
    const base = `/api/v1/models/${encodeURIComponent("spx model")}/schedules`;

    const bad = await call(schedules().create("spx model"), t.admin, "POST", base, { cron: "0 25 * * *", timeZone: "Atlantis/Capital", gates: { min: { r3: 0 } } });
    expect(bad).toEqual({
      status: 400,
      body: {
        error: expect.objectContaining({
          code: "BAD_REQUEST",
          fields: {
            cron: ["hour: 25 is out of range 0–23"],
            timeZone: [expect.stringContaining("Atlantis/Capital")],
            "gates.min.r3": [expect.stringContaining("r3 is not a metric a retrain reports")],
          },
        }),
      },
    });
    expect((await call(schedules().create("spx model"), t.reviewer, "POST", base, { cron: "0 2 * * *" })).status).toBe(403);

    const created = await call(schedules().create("spx model"), t.admin, "POST", base, { cron: "0 2 * * 1-5", timeZone: "America/New_York", gates: { min: { r2: -0.1 }, maxDegradation: 0.1 } });
    expect(created).toMatchObject({
      status: 201,
      body: { model: "spx model", cron: "0 2 * * 1-5", time_zone: "America/New_York", enabled: true, on_pass: "request_production", gates: { min: { r2: -0.1 }, maxDegradation: 0.1 }, last_run: null },
    });
    expect(created.body.description).toMatch(/02:00/);
    expect(created.body.upcoming).toHaveLength(3);
    expect(created.body.next_run_at).toBe(created.body.upcoming[0]);
    const id = created.body.id as string;

    expect((await call(schedules().list("spx model"), t.viewer, "GET", base)).body.schedules.map((s: { id: string }) => s.id)).toEqual([id]);
    const patched = await call(schedules().update(id), t.admin, "PATCH", `/api/v1/schedules/${id}`, { onPass: "staging", enabled: false });
    expect(patched).toMatchObject({ status: 200, body: { on_pass: "staging", enabled: false, next_run_at: null, upcoming: [] } });
    expect(await call(schedules().update(id), t.admin, "PATCH", `/api/v1/schedules/${id}`, { gates: { maxDegradation: 2 } })).toMatchObject({
      status: 400,
      body: { error: { fields: { "gates.maxDegradation": ["maxDegradation is a fraction in 0–1 (0.1 = 10% worse)"] } } },
    });

    const run = await call(schedules().run(id), t.member, "POST", `/api/v1/schedules/${id}/run`);
    expect(run).toMatchObject({ status: 202, body: { kind: "retrain", status: "queued", input: { model: "spx model", scheduleId: id, onPass: "staging" } } });
    expect(await call(schedules().run(id), t.member, "POST", `/api/v1/schedules/${id}/run`)).toMatchObject({ status: 409, body: { error: { code: "CONFLICT" } } });
    const [listed] = (await call(schedules().list("spx model"), t.viewer, "GET", base)).body.schedules;
    expect(listed.last_run).toMatchObject({ status: "queued", job_id: run.body.id, job_status: "queued", version: null });

    expect(await call(schedules().remove(id), t.admin, "DELETE", `/api/v1/schedules/${id}`)).toEqual({ status: 200, body: { id, deleted: true } });
    expect((await call(schedules().list("spx model"), t.viewer, "GET", base)).body.schedules).toEqual([]);
  });

  it("rolls Production back to the version in Production before it, one step at a time, audited", async () => {
    const { db } = database();
    const f = await makeTeamWithRoles(db);
    const t = await tokensByRole(f.ctx);
    await createRegisteredModel({ ctx: f.ctx.admin, input: { name: "m" } });
    for (const version of [1, 2, 3]) {
      await createModelVersion({ ctx: f.ctx.member, input: { name: "m", source: "s3://models/x" } });
      const request = await requestProduction({ ctx: f.ctx.member, input: { name: "m", version } });
      await approveTransition({ ctx: f.ctx.reviewer, input: { requestId: request.id } });
    }
    const stages = async () => (await getRegisteredModel({ ctx: f.ctx.viewer, input: { name: "m" } })).versions.map((v) => `v${v.version} ${v.stage}`);
    expect(await stages()).toEqual(["v3 Production", "v2 Archived", "v1 Archived"]);

    const rollback = (token: string, body?: unknown) => call(schedules().rollback("m"), token, "POST", "/api/v1/models/m/rollback", body);
    expect((await rollback(t.member)).status).toBe(403);
    expect(await rollback(t.reviewer)).toEqual({ status: 200, body: { model: "m", from: 3, to: 2 } });
    expect(await stages()).toEqual(["v3 Archived", "v2 Production", "v1 Archived"]);
    expect(await rollback(t.admin, {})).toEqual({ status: 200, body: { model: "m", from: 2, to: 1 } });
    expect(await stages()).toEqual(["v3 Archived", "v2 Archived", "v1 Production"]);
    expect(await rollback(t.admin)).toMatchObject({ status: 409, body: { error: { code: "CONFLICT", field: "version", message: "no version was in Production before v1; name the version to roll back to" } } });
    expect(await rollback(t.admin, { version: 3 })).toMatchObject({ status: 400, body: { error: { field: "version", message: "roll back to a version earlier than Production v1" } } });
    expect((await rollback(t.admin, [1])).status).toBe(400);

    const audit = await db.select().from(auditLog).where(and(eq(auditLog.teamId, f.team.id), eq(auditLog.action, "model.rollback")));
    expect(audit.map((a) => [a.actorEmail, (a.after as { version: number }).version])).toEqual([
      [f.users.reviewer.email, 2],
      [f.users.admin.email, 1],
    ]);
  });

  it("lists alerts with filters and acknowledges and resolves them", async () => {
    const { db } = database();
    const f = await makeTeamWithRoles(db);
    const t = await tokensByRole(f.ctx);
    const { alert } = await raiseAlert({ ctx: f.ctx.member, input: { type: "WARNING", severity: "warning", title: "Retrain of m failed its gates", details: { reason: "gates failed: r2 > 0.9 (r2 = -0.06)" } } });
    await raiseAlert({ ctx: f.ctx.member, input: { type: "DRIFT", severity: "critical", title: "PSI 0.31", key: "rsi" } });

    const listed = await call(alerts().list, t.viewer, "GET", "/api/v1/alerts?type=WARNING");
    expect(listed).toMatchObject({ status: 200, body: { alerts: [{ id: alert.id, type: "WARNING", status: "open", count: 1, details: { reason: "gates failed: r2 > 0.9 (r2 = -0.06)" } }], next_before: null } });
    expect(await call(alerts().list, t.viewer, "GET", "/api/v1/alerts?severity=urgent")).toMatchObject({ status: 400, body: { error: { fields: { severity: ["severity must be one of info, warning, critical"] } } } });
    expect((await call(alerts().acknowledge(alert.id), t.viewer, "POST", `/api/v1/alerts/${alert.id}/acknowledge`)).status).toBe(403);

    const acked = await call(alerts().acknowledge(alert.id), t.member, "POST", `/api/v1/alerts/${alert.id}/acknowledge`);
    expect(acked).toMatchObject({ status: 200, body: { status: "acknowledged", acknowledged: { by: f.users.member.email }, resolved: null } });
    const resolved = await call(alerts().resolve(alert.id), t.reviewer, "POST", `/api/v1/alerts/${alert.id}/resolve`);
    expect(resolved).toMatchObject({ status: 200, body: { status: "resolved", acknowledged: { by: f.users.member.email }, resolved: { by: f.users.reviewer.email } } });
    expect((await call(alerts().resolve(alert.id), t.reviewer, "POST", `/api/v1/alerts/${alert.id}/resolve`)).status).toBe(409);
    expect((await call(alerts().list, t.viewer, "GET", "/api/v1/alerts?status=open,acknowledged")).body.alerts.map((a: { type: string }) => a.type)).toEqual(["DRIFT"]);
  });
});

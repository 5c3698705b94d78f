import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, sql } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import type { Db } from "@/db";
import { describeWithDatabase } from "@/db/testing/databases";
import { jobs, webhookDeliveries } from "@/db/schema";
import { raiseAlert } from "@/server/services/alerts/raise-alert";
import { setTeamWebhook } from "@/server/services/alerts/set-team-webhook";
import { verifyWebhookSignature } from "@/server/services/alerts/webhook-signature";
import { localDispatcher } from "@/server/services/jobs/dispatch";
import { makeTeamWithRoles } from "@/server/services/testing";
import { jobLogLines, testRunners, waitForJob } from "@/workers/local/testing";

const startRunner = testRunners();

/** A real receiver on a free local port: answers `statuses` in turn (the last one from then on)
 * and keeps every request it got. */
async function receiver(statuses: number[]) {
  const got: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      got.push({ headers: req.headers, body });
      res.writeHead(statuses[Math.min(got.length, statuses.length) - 1]!).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/foldline`, got };
}
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
});

/** The webhook_delivery job the alert queued, given a short backoff (production waits 2 s, 4 s, …). */
async function queuedDelivery(db: Db, teamId: string, backoffMs: number, maxAttempts?: number) {
  const [job] = await db.select().from(jobs).where(and(eq(jobs.teamId, teamId), eq(jobs.kind, "webhook_delivery")));
  await db
    .update(jobs)
    .set({ input: sql`${jobs.input} || ${JSON.stringify({ backoffMs, ...(maxAttempts ? { maxAttempts } : {}) })}::jsonb` })
    .where(eq(jobs.id, job!.id));
  return job!;
}

describeWithDatabase("webhook_delivery job", (database) => {
  it("POSTs a new alert to the team's webhook, signed, retrying with exponential backoff until the receiver answers 2xx", async () => {
    const { db } = database();
    const { ctx, team } = await makeTeamWithRoles(db);
    const hook = await receiver([500, 502, 204]);
    const { secret } = await setTeamWebhook({ ctx: ctx.admin, input: { url: hook.url } });
    expect(secret).toMatch(/^whsec_/);

    const { alert } = await raiseAlert({ ctx: ctx.member, input: { type: "DRIFT", severity: "critical", title: "PSI 0.31 on rsi_14", details: { psi: 0.31 } }, dispatcher: localDispatcher });
    const job = await queuedDelivery(db, team.id, 40);
    expect(job.input).toMatchObject({ maxAttempts: 5 });
    // Raised again while open: counted on the alert, not sent again.
    await raiseAlert({ ctx: ctx.member, input: { type: "DRIFT", severity: "critical", title: "PSI 0.33 on rsi_14" }, dispatcher: localDispatcher });
    expect(await db.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(eq(webhookDeliveries.teamId, team.id))).toHaveLength(1);

    startRunner(db);
    const done = await waitForJob(db, job.id, ["succeeded", "failed"], 30_000);
    expect([done.status, done.error, done.result]).toEqual(["succeeded", null, { delivered: true, attempts: 3, statusCode: 204 }]);

    expect(hook.got).toHaveLength(3);
    const [delivery] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.teamId, team.id));
    expect(delivery).toMatchObject({ status: "delivered", attempts: 3, lastStatusCode: 204, lastError: null, alertId: alert.id });
    for (const { headers, body } of hook.got) {
      expect(headers).toMatchObject({ "content-type": "application/json", "foldline-event": "alert.raised", "foldline-delivery": delivery!.id });
      // The receiver's check, done here from the header alone with node:crypto.
      const { t, v1 } = Object.fromEntries(String(headers["foldline-signature"]).split(",").map((p) => p.split("=")));
      expect(v1).toBe(createHmac("sha256", secret!).update(`${t}.${body}`).digest("hex"));
      expect(verifyWebhookSignature(secret!, String(headers["foldline-signature"]), body)).toBe(true);
      expect(verifyWebhookSignature("whsec_another-secret-entirely", String(headers["foldline-signature"]), body)).toBe(false);
      expect(JSON.parse(body)).toMatchObject({
        event: "alert.raised",
        team: { slug: team.slug },
        alert: { id: alert.id, type: "DRIFT", severity: "critical", title: "PSI 0.31 on rsi_14", details: { psi: 0.31 }, status: "open" },
        links: { monitoring: `/${team.slug}/monitoring` },
      });
    }
    // Waits of 40 ms, then 80 ms: doubling after each failure.
    expect((await jobLogLines(db, job.id)).map((l) => l.line).filter((l) => l.startsWith("attempt"))).toEqual([
      "attempt 1 failed (HTTP 500); next in 40 ms",
      "attempt 2 failed (HTTP 502); next in 80 ms",
    ]);
  });

  it("gives up after maxAttempts: the delivery and the job fail with the receiver's last answer", async () => {
    const { db } = database();
    const { ctx, team } = await makeTeamWithRoles(db);
    const hook = await receiver([503]);
    await setTeamWebhook({ ctx: ctx.admin, input: { url: hook.url, secret: "a-shared-secret-of-the-receiver" } });
    await raiseAlert({ ctx: ctx.member, input: { type: "ERROR", severity: "warning", title: "x" }, dispatcher: localDispatcher });
    const job = await queuedDelivery(db, team.id, 10, 2);

    startRunner(db);
    const done = await waitForJob(db, job.id, ["succeeded", "failed"], 30_000);
    expect([done.status, done.error, done.attempts]).toEqual(["failed", "not delivered after 2 attempts: HTTP 503", 1]);
    expect(hook.got).toHaveLength(2);
    expect(await db.select({ status: webhookDeliveries.status, attempts: webhookDeliveries.attempts, lastError: webhookDeliveries.lastError }).from(webhookDeliveries).where(eq(webhookDeliveries.teamId, team.id))).toEqual([
      { status: "failed", attempts: 2, lastError: "HTTP 503" },
    ]);
  });

  it("sends nothing for a team without an enabled webhook, and refuses a non-http URL naming the field", async () => {
    const { db } = database();
    const { ctx, team } = await makeTeamWithRoles(db);
    await raiseAlert({ ctx: ctx.member, input: { type: "ERROR", severity: "info", title: "x" } });
    const hook = await receiver([200]);
    await setTeamWebhook({ ctx: ctx.admin, input: { url: hook.url, enabled: false } });
    await raiseAlert({ ctx: ctx.member, input: { type: "ERROR", severity: "info", title: "y", key: "y" } });
    expect(await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.teamId, team.id))).toEqual([]);
    expect(await db.select().from(jobs).where(eq(jobs.teamId, team.id))).toEqual([]);

    const bad = await setTeamWebhook({ ctx: ctx.admin, input: { url: "ftp://example.com/x" } }).catch((e: unknown) => e);
    expect((bad as { issues: { path: string[]; message: string }[] }).issues).toEqual([expect.objectContaining({ path: ["url"], message: "url must be an http(s) URL" })]);
    expect(await setTeamWebhook({ ctx: ctx.member, input: { url: hook.url } }).catch((e: { code: string }) => e.code)).toBe("FORBIDDEN");
  });
});

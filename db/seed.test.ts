import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { auditLog, memberships, teams } from "./schema";
import { DEMO_ADMIN, DEMO_TEAM, seedDemo } from "./seed";
import { describeWithDatabase } from "./testing/databases";
import { verifyCredentials } from "@/server/services/users/verify-credentials";

describeWithDatabase("demo seed", (database) => {
  it("creates the demo team with a working admin once, then finds it", async () => {
    const { db } = database();
    expect(await seedDemo(db)).toEqual({ created: true });
    expect(await seedDemo(db)).toEqual({ created: false });
    const signIn = await verifyCredentials(db, DEMO_ADMIN.email, DEMO_ADMIN.password);
    expect(signIn.ok).toBe(true);
    const [team] = await db.select().from(teams).where(eq(teams.slug, DEMO_TEAM.slug));
    const members = await db.select().from(memberships).where(eq(memberships.teamId, team!.id));
    expect(members.map((m) => m.role)).toEqual(["admin"]);
    const audit = await db.select().from(auditLog).where(eq(auditLog.teamId, team!.id));
    expect(audit.map((a) => [a.action, a.actorEmail])).toEqual([["team.create", "system:seed"]]);
  });
});

import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { auditLog, memberships } from "@/db/schema";
import { describeWithDatabase } from "@/db/testing/databases";
import { makeTeamWithRoles, makeUser } from "../testing";
import { addMember } from "./add-member";
import { changeRole } from "./change-role";
import { listMembers } from "./list-members";
import { removeMember } from "./remove-member";

const auditOf = async (db: Parameters<typeof makeUser>[0], teamId: string, action: string) =>
  db.select().from(auditLog).where(and(eq(auditLog.teamId, teamId), eq(auditLog.action, action)));

describeWithDatabase("members", (database) => {
  it("an admin adds an existing user by email with a role, audited in the same write", async () => {
    const { db } = database();
    const { team, ctx } = await makeTeamWithRoles(db);
    const newcomer = await makeUser(db, "newcomer");
    const added = await addMember({ ctx: ctx.admin, input: { email: newcomer.email.toUpperCase(), role: "member" } });
    expect(added).toEqual({ userId: newcomer.id, email: newcomer.email, role: "member" });
    const rows = await auditOf(db, team.id, "member.add");
    const row = rows.find((r) => r.targetId === newcomer.id)!;
    expect(row.after).toEqual({ userId: newcomer.id, email: newcomer.email, role: "member" });
    expect(row.actorEmail).toBe(ctx.admin.actor.type === "user" ? ctx.admin.actor.email : "");
    const list = await listMembers({ ctx: ctx.viewer });
    expect(list.map((m) => m.role).sort()).toEqual(["admin", "member", "member", "reviewer", "viewer"]);
  });

  it("refuses unknown emails, duplicates and bad roles with a field", async () => {
    const { db } = database();
    const { ctx, users } = await makeTeamWithRoles(db);
    await expect(addMember({ ctx: ctx.admin, input: { email: "nobody@nowhere.test", role: "viewer" } })).rejects.toMatchObject({
      code: "NOT_FOUND",
      field: "email",
    });
    await expect(addMember({ ctx: ctx.admin, input: { email: users.viewer.email, role: "viewer" } })).rejects.toMatchObject({
      code: "CONFLICT",
      field: "email",
    });
    await expect(addMember({ ctx: ctx.admin, input: { email: users.viewer.email, role: "owner" as never } })).rejects.toThrow(
      /role must be one of viewer, member, reviewer, admin/,
    );
  });

  it("refuses every role but admin", async () => {
    const { db } = database();
    const { ctx, users } = await makeTeamWithRoles(db);
    for (const role of ["viewer", "member", "reviewer"] as const) {
      await expect(addMember({ ctx: ctx[role], input: { email: users.viewer.email, role: "admin" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(changeRole({ ctx: ctx[role], input: { userId: users[role].id, role: "admin" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(removeMember({ ctx: ctx[role], input: { userId: users.viewer.id } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });

  it("changes roles with before/after in the audit row, and the role applies at once", async () => {
    const { db } = database();
    const { team, ctx, users } = await makeTeamWithRoles(db);
    const after = await changeRole({ ctx: ctx.admin, input: { userId: users.viewer.id, role: "reviewer" } });
    expect(after.role).toBe("reviewer");
    const [m] = await db.select().from(memberships).where(and(eq(memberships.teamId, team.id), eq(memberships.userId, users.viewer.id)));
    expect(m!.role).toBe("reviewer");
    const [row] = await auditOf(db, team.id, "member.role_change");
    expect(row!.before).toMatchObject({ role: "viewer" });
    expect(row!.after).toMatchObject({ role: "reviewer" });
  });

  it("never leaves a team without an admin", async () => {
    const { db } = database();
    const { team, ctx, users } = await makeTeamWithRoles(db);
    await expect(changeRole({ ctx: ctx.admin, input: { userId: users.admin.id, role: "member" } })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/last admin/),
    });
    await expect(removeMember({ ctx: ctx.admin, input: { userId: users.admin.id } })).rejects.toMatchObject({ code: "CONFLICT" });
    // With a second admin, the first may step down.
    await changeRole({ ctx: ctx.admin, input: { userId: users.member.id, role: "admin" } });
    await changeRole({ ctx: ctx.admin, input: { userId: users.admin.id, role: "viewer" } });
    const admins = (await listMembers({ ctx: ctx.viewer })).filter((m) => m.role === "admin");
    expect(admins.map((a) => a.userId)).toEqual([users.member.id]);
    expect(await auditOf(db, team.id, "member.role_change")).toHaveLength(2);
  });

  it("removes a member; members of other teams are not found", async () => {
    const { db } = database();
    const a = await makeTeamWithRoles(db);
    const b = await makeTeamWithRoles(db);
    await expect(removeMember({ ctx: a.ctx.admin, input: { userId: b.users.viewer.id } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await removeMember({ ctx: a.ctx.admin, input: { userId: a.users.viewer.id } });
    expect((await listMembers({ ctx: a.ctx.admin })).map((m) => m.userId)).not.toContain(a.users.viewer.id);
    const [row] = await auditOf(db, a.team.id, "member.remove");
    expect(row!.before).toMatchObject({ userId: a.users.viewer.id, role: "viewer" });
    expect(await auditOf(db, b.team.id, "member.remove")).toHaveLength(0);
  });
});

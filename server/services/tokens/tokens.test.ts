import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { apiTokens, auditLog } from "@/db/schema";
import { describeWithDatabase } from "@/db/testing/databases";
import { hashApiToken } from "@/server/auth/api-tokens";
import { changeRole } from "../members/change-role";
import { removeMember } from "../members/remove-member";
import { makeTeamWithRoles } from "../testing";
import { authenticateToken } from "./authenticate-token";
import { createToken } from "./create-token";
import { listTokens } from "./list-tokens";
import { revokeToken } from "./revoke-token";

describeWithDatabase("api tokens", (database) => {
  it("creates a token shown once and stored only as its sha256", async () => {
    const { db } = database();
    const { team, ctx } = await makeTeamWithRoles(db);
    const created = await createToken({ ctx: ctx.member, input: { name: "ci" } });
    expect(created.token).toMatch(/^fl_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.token.slice(0, 11));
    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(row!.tokenHash).toBe(hashApiToken(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);
    const audits = await db.select().from(auditLog).where(eq(auditLog.teamId, team.id));
    const audit = audits.find((a) => a.action === "token.create")!;
    expect(audit.after).toEqual({ name: "ci", prefix: created.prefix, userId: ctx.member.actor.type === "user" ? ctx.member.actor.userId : "" });
    expect(JSON.stringify(audits)).not.toContain(created.token);
  });

  it("authenticates with the owner's current role, and stops after revoke or removal", async () => {
    const { db } = database();
    const { team, ctx, users } = await makeTeamWithRoles(db);
    const { token, id } = await createToken({ ctx: ctx.viewer, input: { name: "reader" } });
    const auth = await authenticateToken(db, token);
    expect(auth.team.slug).toBe(team.slug);
    expect(auth.role).toBe("viewer");
    expect(auth.actor).toEqual({ type: "token", userId: users.viewer.id, email: users.viewer.email, tokenId: id });
    await changeRole({ ctx: ctx.admin, input: { userId: users.viewer.id, role: "member" } });
    expect((await authenticateToken(db, token)).role).toBe("member");
    await revokeToken({ ctx: ctx.viewer, input: { tokenId: id } });
    await expect(authenticateToken(db, token)).rejects.toMatchObject({ code: "UNAUTHORIZED" });

    const second = await createToken({ ctx: ctx.reviewer, input: { name: "r" } });
    await removeMember({ ctx: ctx.admin, input: { userId: users.reviewer.id } });
    await expect(authenticateToken(db, second.token)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(authenticateToken(db, "fl_not-a-real-token")).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("lists own tokens; admins list and revoke everyone's; others' tokens are not found", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const mine = await createToken({ ctx: ctx.member, input: { name: "mine" } });
    const theirs = await createToken({ ctx: ctx.reviewer, input: { name: "theirs" } });
    expect((await listTokens({ ctx: ctx.member })).map((t) => t.name)).toEqual(["mine"]);
    expect((await listTokens({ ctx: ctx.admin })).map((t) => t.name).sort()).toEqual(["mine", "theirs"]);
    await expect(revokeToken({ ctx: ctx.member, input: { tokenId: theirs.id } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const revoked = await revokeToken({ ctx: ctx.admin, input: { tokenId: theirs.id } });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    const other = await makeTeamWithRoles(db);
    await expect(revokeToken({ ctx: other.ctx.admin, input: { tokenId: mine.id } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(createToken({ ctx: ctx.member, input: { name: "  " } })).rejects.toThrow(/enter a token name/);
  });
});

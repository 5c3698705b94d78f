import { expect, it } from "vitest";
import { describeWithDatabase } from "@/db/testing/databases";
import { changeRole } from "../members/change-role";
import { makeTeamWithRoles } from "../testing";
import { listAudit } from "./list-audit";
import { stripSecrets } from "./record-audit";

it("strips secrets at any depth", () => {
  expect(stripSecrets({ name: "ci", token: "fl_x", nested: [{ tokenHash: "h", ok: 1 }], at: new Date(0) })).toEqual({
    name: "ci",
    nested: [{ ok: 1 }],
    at: "1970-01-01T00:00:00.000Z",
  });
});

describeWithDatabase("audit log", (database) => {
  it("lists the team's rows newest first, a page at a time, to reviewers and admins only", async () => {
    const { db } = database();
    const { ctx, users } = await makeTeamWithRoles(db);
    const other = await makeTeamWithRoles(db);
    for (const role of ["member", "reviewer", "viewer"] as const) {
      await changeRole({ ctx: ctx.admin, input: { userId: users.viewer.id, role } });
    }
    // team.create, 3 × member.add, then 3 role changes = 7 rows.
    const first = await listAudit({ ctx: ctx.admin, input: { limit: 4 } });
    expect(first.items.map((r) => r.action)).toEqual(["member.role_change", "member.role_change", "member.role_change", "member.add"]);
    expect(first.items.map((r) => (r.after as { role: string }).role).slice(0, 3)).toEqual(["viewer", "reviewer", "member"]);
    const second = await listAudit({ ctx: ctx.reviewer, input: { limit: 4, cursor: first.nextCursor! } });
    expect(second.items.map((r) => r.action)).toEqual(["member.add", "member.add", "team.create"]);
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].every((r) => r.teamId === ctx.admin.team.id)).toBe(true);
    expect((await listAudit({ ctx: other.ctx.admin, input: {} })).items).toHaveLength(4);
    await expect(listAudit({ ctx: ctx.member, input: {} })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

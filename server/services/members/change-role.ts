import { and, eq } from "drizzle-orm";
import { memberships } from "@/db/schema";
import { requirePermission, type TeamCtx, withTx } from "../context";
import { ServiceError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { countAdmins, getMemberInTeam, lockTeam } from "./team-lock";
import { ChangeRoleInput } from "./schemas";

/** Changes a member's role; the team's last admin cannot be demoted. */
export async function changeRole({ ctx, input }: { ctx: TeamCtx; input: ChangeRoleInput }) {
  requirePermission(ctx, "member:manage");
  const { userId, role } = ChangeRoleInput.parse(input);
  return withTx(ctx, async (tx) => {
    await lockTeam(tx, ctx.team.id);
    const before = await getMemberInTeam(tx, ctx.team.id, userId);
    if (before.role === role) return before;
    if (before.role === "admin" && (await countAdmins(tx, ctx.team.id)) <= 1) {
      throw new ServiceError("CONFLICT", "the last admin cannot be demoted; make someone else admin first", "role");
    }
    await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.teamId, ctx.team.id), eq(memberships.userId, userId)));
    const after = { ...before, role };
    await recordAudit(tx, ctx, { action: "member.role_change", targetType: "user", targetId: userId, before, after });
    return after;
  });
}

import { and, eq } from "drizzle-orm";
import { apiTokens, memberships } from "@/db/schema";
import { requirePermission, type TeamCtx, withTx } from "../context";
import { ServiceError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { countAdmins, getMemberInTeam, lockTeam } from "./team-lock";
import { RemoveMemberInput } from "./schemas";

/** Removes a member and revokes their tokens for this team; the last admin cannot be removed. */
export async function removeMember({ ctx, input }: { ctx: TeamCtx; input: RemoveMemberInput }) {
  requirePermission(ctx, "member:manage");
  const { userId } = RemoveMemberInput.parse(input);
  return withTx(ctx, async (tx) => {
    await lockTeam(tx, ctx.team.id);
    const before = await getMemberInTeam(tx, ctx.team.id, userId);
    if (before.role === "admin" && (await countAdmins(tx, ctx.team.id)) <= 1) {
      throw new ServiceError("CONFLICT", "the last admin cannot be removed; make someone else admin first", "userId");
    }
    await tx.delete(memberships).where(and(eq(memberships.teamId, ctx.team.id), eq(memberships.userId, userId)));
    await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.teamId, ctx.team.id), eq(apiTokens.userId, userId)));
    await recordAudit(tx, ctx, { action: "member.remove", targetType: "user", targetId: userId, before });
    return { userId };
  });
}

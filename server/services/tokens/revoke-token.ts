import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { apiTokens } from "@/db/schema";
import { can } from "@/server/auth/rbac";
import { actorUserId, requirePermission, type TeamCtx, withTx } from "../context";
import { notFound } from "../errors";
import { recordAudit } from "../audit/record-audit";

export const RevokeTokenInput = z.object({ tokenId: z.uuid({ message: "tokenId must be a token id" }) });
export type RevokeTokenInput = z.input<typeof RevokeTokenInput>;

/** Revokes a token: one's own, or (admins) any of the team's. Other people's tokens are
 * reported as not found, like tokens of other teams. */
export async function revokeToken({ ctx, input }: { ctx: TeamCtx; input: RevokeTokenInput }) {
  requirePermission(ctx, "token:own");
  const { tokenId } = RevokeTokenInput.parse(input);
  return withTx(ctx, async (tx) => {
    const [before] = await tx
      .select({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, userId: apiTokens.userId, revokedAt: apiTokens.revokedAt })
      .from(apiTokens)
      .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.teamId, ctx.team.id)));
    if (!before || (!can(ctx.role, "token:manage") && before.userId !== actorUserId(ctx.actor))) throw notFound("token");
    if (before.revokedAt) return before;
    const [after] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, userId: apiTokens.userId, revokedAt: apiTokens.revokedAt });
    await recordAudit(tx, ctx, { action: "token.revoke", targetType: "token", targetId: tokenId, before, after });
    return after!;
  });
}

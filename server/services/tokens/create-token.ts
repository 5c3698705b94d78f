import { z } from "zod";
import { and, eq } from "drizzle-orm";
import { apiTokens, memberships } from "@/db/schema";
import { generateApiToken } from "@/server/auth/api-tokens";
import { actorUserId, requirePermission, type TeamCtx, withTx } from "../context";
import { ServiceError } from "../errors";
import { recordAudit } from "../audit/record-audit";

export const CreateTokenInput = z.object({
  name: z.string().trim().min(1, { message: "enter a token name" }).max(80, { message: "name must be at most 80 characters" }),
});
export type CreateTokenInput = z.input<typeof CreateTokenInput>;

/**
 * Creates an API token owned by the caller in this team (or, for system callers such as the CLI,
 * by `ownerUserId`, who must be a member). The plain token is returned once; only its sha256 is
 * stored.
 */
export async function createToken({ ctx, input, ownerUserId }: { ctx: TeamCtx; input: CreateTokenInput; ownerUserId?: string }) {
  requirePermission(ctx, "token:own");
  const { name } = CreateTokenInput.parse(input);
  const userId = actorUserId(ctx.actor) ?? ownerUserId;
  if (!userId) throw new ServiceError("BAD_REQUEST", "a token belongs to a user");
  const { token, prefix, hash } = generateApiToken();
  return withTx(ctx, async (tx) => {
    const [member] = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.teamId, ctx.team.id), eq(memberships.userId, userId)));
    if (!member) throw new ServiceError("BAD_REQUEST", "the token's owner is not a member of this team", "email");
    const [row] = await tx
      .insert(apiTokens)
      .values({ teamId: ctx.team.id, userId, name, prefix, tokenHash: hash })
      .returning({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, createdAt: apiTokens.createdAt });
    await recordAudit(tx, ctx, { action: "token.create", targetType: "token", targetId: row!.id, after: { name, prefix, userId } });
    return { ...row!, token };
  });
}

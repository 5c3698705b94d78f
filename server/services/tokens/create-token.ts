import { z } from "zod";
import { apiTokens } from "@/db/schema";
import { generateApiToken } from "@/server/auth/api-tokens";
import { requirePermission, type TeamCtx, withTx } from "../context";
import { ServiceError } from "../errors";
import { recordAudit } from "../audit/record-audit";

export const CreateTokenInput = z.object({
  name: z.string().trim().min(1, { message: "enter a token name" }).max(80, { message: "name must be at most 80 characters" }),
});
export type CreateTokenInput = z.input<typeof CreateTokenInput>;

/** Creates an API token owned by the caller in this team. The plain token is returned once;
 * only its sha256 is stored. */
export async function createToken({ ctx, input }: { ctx: TeamCtx; input: CreateTokenInput }) {
  requirePermission(ctx, "token:own");
  const { name } = CreateTokenInput.parse(input);
  if (ctx.actor.type !== "user" && ctx.actor.type !== "token") {
    throw new ServiceError("BAD_REQUEST", "a token belongs to a user");
  }
  const userId = ctx.actor.userId;
  const { token, prefix, hash } = generateApiToken();
  return withTx(ctx, async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ teamId: ctx.team.id, userId, name, prefix, tokenHash: hash })
      .returning({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, createdAt: apiTokens.createdAt });
    await recordAudit(tx, ctx, { action: "token.create", targetType: "token", targetId: row!.id, after: { name, prefix, userId } });
    return { ...row!, token };
  });
}

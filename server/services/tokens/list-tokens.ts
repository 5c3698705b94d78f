import { and, desc, eq } from "drizzle-orm";
import { apiTokens, users } from "@/db/schema";
import { can } from "@/server/auth/rbac";
import { actorUserId, requirePermission, type TeamCtx } from "../context";

/** Admins see every token of the team; everyone else their own. Never the hash. */
export async function listTokens({ ctx }: { ctx: TeamCtx }) {
  requirePermission(ctx, "token:own");
  const all = can(ctx.role, "token:manage");
  const me = actorUserId(ctx.actor);
  return ctx.db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      ownerEmail: users.email,
      ownerId: apiTokens.userId,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.teamId, ctx.team.id), all || !me ? undefined : eq(apiTokens.userId, me)))
    .orderBy(desc(apiTokens.createdAt));
}

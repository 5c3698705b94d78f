import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { Db } from "@/db";
import { apiTokens, memberships, teams, users } from "@/db/schema";
import { hashApiToken } from "@/server/auth/api-tokens";
import type { TeamCtx } from "../context";
import { ServiceError } from "../errors";

/**
 * Resolves a bearer token to a team context acting as its owner, with the owner's role in the
 * token's team as it is now. Revoked tokens and tokens of former members are refused.
 */
export async function authenticateToken(db: Db, token: string): Promise<TeamCtx> {
  const [row] = await db
    .select({
      tokenId: apiTokens.id,
      userId: users.id,
      email: users.email,
      team: { id: teams.id, slug: teams.slug, name: teams.name },
      role: memberships.role,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .innerJoin(teams, eq(teams.id, apiTokens.teamId))
    .innerJoin(memberships, and(eq(memberships.teamId, apiTokens.teamId), eq(memberships.userId, apiTokens.userId)))
    .where(and(eq(apiTokens.tokenHash, hashApiToken(token)), isNull(apiTokens.revokedAt)));
  if (!row) throw new ServiceError("UNAUTHORIZED", "invalid or revoked API token");
  // "Last used" to the minute: one write a minute per token, not one per request (a busy
  // logger sends hundreds of requests a second, each of which would lock the token row).
  await db
    .update(apiTokens)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(apiTokens.id, row.tokenId), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, new Date(Date.now() - 60_000)))));
  return {
    db,
    actor: { type: "token", userId: row.userId, email: row.email, tokenId: row.tokenId },
    team: row.team,
    role: row.role,
  };
}

import { asc, eq } from "drizzle-orm";
import { memberships, users } from "@/db/schema";
import { requirePermission, type TeamCtx } from "../context";

export async function listMembers({ ctx }: { ctx: TeamCtx }) {
  requirePermission(ctx, "member:read");
  return ctx.db
    .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, joinedAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.teamId, ctx.team.id))
    .orderBy(asc(users.email));
}

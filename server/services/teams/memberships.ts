import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { memberships, teams } from "@/db/schema";
import type { Role } from "@/server/auth/rbac";
import type { TeamRef } from "../context";

/** The user's membership in the team with this slug, or null when either is missing (callers
 * answer 404 in both cases, so a team's existence never leaks to outsiders). */
export async function getMembership(db: Db, userId: string, slug: string): Promise<{ team: TeamRef; role: Role } | null> {
  const [row] = await db
    .select({ id: teams.id, slug: teams.slug, name: teams.name, role: memberships.role })
    .from(memberships)
    .innerJoin(teams, eq(teams.id, memberships.teamId))
    .where(and(eq(memberships.userId, userId), eq(teams.slug, slug)));
  if (!row) return null;
  return { team: { id: row.id, slug: row.slug, name: row.name }, role: row.role };
}

/** The teams the user belongs to, for the team switcher. */
export function listTeamsForUser(db: Db, userId: string) {
  return db
    .select({ id: teams.id, slug: teams.slug, name: teams.name, role: memberships.role })
    .from(memberships)
    .innerJoin(teams, eq(teams.id, memberships.teamId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(teams.name));
}

import { and, count, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { memberships, teams, users } from "@/db/schema";
import { notFound } from "../errors";

/** Locks the team row so membership changes of one team run one at a time; without it two
 * admins demoting each other at the same moment could both pass the last-admin check. */
export async function lockTeam(tx: Db, teamId: string) {
  await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId)).for("update");
}

export async function getMemberInTeam(tx: Db, teamId: string, userId: string) {
  const [row] = await tx
    .select({ userId: memberships.userId, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.teamId, teamId), eq(memberships.userId, userId)));
  if (!row) throw notFound("member");
  return row;
}

export async function countAdmins(tx: Db, teamId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.teamId, teamId), eq(memberships.role, "admin")));
  return row?.n ?? 0;
}

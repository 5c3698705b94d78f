import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { memberships, teams, users } from "@/db/schema";
import type { TeamCtx } from "../context";
import { ServiceError } from "../errors";

/**
 * The context a job acts in: its creator, with their role in the job's team as it is now (a
 * job launched by someone since removed from the team, or demoted below `job:run`, must not
 * keep writing on their behalf; the service verbs it calls check the role).
 */
export async function jobTeamCtx(db: Db, job: { teamId: string; createdBy: string | null }): Promise<TeamCtx> {
  const [row] = job.createdBy
    ? await db
        .select({ team: { id: teams.id, slug: teams.slug, name: teams.name }, role: memberships.role, userId: users.id, email: users.email })
        .from(memberships)
        .innerJoin(teams, eq(teams.id, memberships.teamId))
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.teamId, job.teamId), eq(memberships.userId, job.createdBy)))
    : [];
  if (!row) throw new ServiceError("FORBIDDEN", "the job's creator is no longer a member of its team");
  return { db, actor: { type: "user", userId: row.userId, email: row.email }, team: row.team, role: row.role };
}

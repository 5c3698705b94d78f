import { eq } from "drizzle-orm";
import { z } from "zod";
import { memberships, teams } from "@/db/schema";
import { type ServiceCtx, actorUserId, withTx } from "../context";
import { ServiceError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { TeamName, TeamSlug } from "./schemas";

export const CreateTeamInput = z.object({ slug: TeamSlug, name: TeamName });
export type CreateTeamInput = z.input<typeof CreateTeamInput>;

/** Creates a team with the caller as its first admin (`adminUserId` for system callers). */
export async function createTeam({
  ctx,
  input,
  adminUserId,
}: {
  ctx: ServiceCtx;
  input: CreateTeamInput;
  adminUserId?: string;
}) {
  const { slug, name } = CreateTeamInput.parse(input);
  const adminId = adminUserId ?? actorUserId(ctx.actor);
  if (!adminId) throw new ServiceError("BAD_REQUEST", "a team needs a first admin");
  return withTx(ctx, async (tx) => {
    const [team] = await tx.insert(teams).values({ slug, name }).onConflictDoNothing().returning();
    if (!team) throw new ServiceError("CONFLICT", `the name "${slug}" is taken`, "slug");
    await tx.insert(memberships).values({ teamId: team.id, userId: adminId, role: "admin" });
    await recordAudit(tx, { ...ctx, team }, {
      action: "team.create",
      targetType: "team",
      targetId: team.id,
      after: { slug, name, adminUserId: adminId },
    });
    return team;
  });
}

export async function findTeamBySlug(ctx: ServiceCtx, slug: string) {
  const [team] = await ctx.db.select().from(teams).where(eq(teams.slug, slug));
  return team ?? null;
}

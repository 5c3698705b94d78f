import { eq } from "drizzle-orm";
import { memberships, users } from "@/db/schema";
import { requirePermission, type TeamCtx, withTx } from "../context";
import { ServiceError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { lockTeam } from "./team-lock";
import { AddMemberInput } from "./schemas";

/** Adds an existing user (by email) to the team with a role. */
export async function addMember({ ctx, input }: { ctx: TeamCtx; input: AddMemberInput }) {
  requirePermission(ctx, "member:manage");
  const { email, role } = AddMemberInput.parse(input);
  return withTx(ctx, async (tx) => {
    await lockTeam(tx, ctx.team.id);
    const [user] = await tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.email, email));
    if (!user) throw new ServiceError("NOT_FOUND", "no user has this email; they must sign up first", "email");
    const [row] = await tx
      .insert(memberships)
      .values({ teamId: ctx.team.id, userId: user.id, role })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new ServiceError("CONFLICT", `${email} is already a member`, "email");
    const after = { userId: user.id, email, role };
    await recordAudit(tx, ctx, { action: "member.add", targetType: "user", targetId: user.id, after });
    return after;
  });
}

import type { Db } from "@/db";
import type { Role } from "@/server/auth/rbac";
import type { TeamCtx } from "./context";
import { addMember } from "./members/add-member";
import { createTeam } from "./teams/create-team";
import { registerUser } from "./users/register-user";

let seq = 0;
/** A unique email per call, so tests sharing one database never collide. */
export const uniqueEmail = (label = "user") => `${label}-${Date.now().toString(36)}-${++seq}@test.foldline.dev`;

export async function makeUser(db: Db, label?: string) {
  return registerUser({ db, input: { email: uniqueEmail(label), password: "correct horse battery" } });
}

/** A team with an admin and one user per other role, and a TeamCtx for each. */
export async function makeTeamWithRoles(db: Db) {
  const admin = await makeUser(db, "admin");
  const slug = `t-${Date.now().toString(36)}-${++seq}`;
  const team = await createTeam({
    ctx: { db, actor: { type: "user", userId: admin.id, email: admin.email } },
    input: { slug, name: `Team ${slug}` },
  });
  const ctxFor = (user: { id: string; email: string }, role: Role): TeamCtx => ({
    db,
    actor: { type: "user", userId: user.id, email: user.email },
    team: { id: team.id, slug: team.slug, name: team.name },
    role,
  });
  const adminCtx = ctxFor(admin, "admin");
  const users = { admin } as Record<Role, { id: string; email: string; name: string }>;
  const ctx = { admin: adminCtx } as Record<Role, TeamCtx>;
  for (const role of ["viewer", "member", "reviewer"] as const) {
    users[role] = await makeUser(db, role);
    await addMember({ ctx: adminCtx, input: { email: users[role].email, role } });
    ctx[role] = ctxFor(users[role], role);
  }
  return { team, users, ctx };
}

import { eq } from "drizzle-orm";
import type { Db } from "./client";
import { teams, users } from "./schema";
import { createTeam } from "@/server/services/teams/create-team";
import { registerUser } from "@/server/services/users/register-user";

/** The demo account that `npm run dev` prints and the README shows. Local use only. */
export const DEMO_ADMIN = { email: "admin@demo.foldline.dev", password: "foldline-demo" } as const;
export const DEMO_TEAM = { slug: "demo", name: "Demo" } as const;

/** Seeds the demo team and its admin once; later starts find them and do nothing. */
export async function seedDemo(db: Db): Promise<{ created: boolean }> {
  const [existing] = await db.select({ id: teams.id }).from(teams).where(eq(teams.slug, DEMO_TEAM.slug));
  if (existing) return { created: false };
  const [found] = await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_ADMIN.email));
  const admin = found ?? (await registerUser({ db, input: { ...DEMO_ADMIN, name: "Demo Admin" } }));
  await createTeam({ ctx: { db, actor: { type: "system", label: "seed" } }, input: DEMO_TEAM, adminUserId: admin.id });
  return { created: true };
}

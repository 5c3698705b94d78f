import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getDatabase } from "@/db";
import { can, type Permission } from "@/server/auth/rbac";
import type { TeamCtx } from "@/server/services/context";
import { getMembership, listTeamsForUser } from "@/server/services/teams/memberships";
import { requireUser } from "./session";

/**
 * For pages under /[team]: the signed-in user (else redirect to sign-in) and their membership.
 * Outsiders get the same 404 as for a team that does not exist. Cached per request, so the
 * layout and the page share one lookup.
 */
export const getTeamPage = cache(async (slug: string) => {
  const user = await requireUser(`/${slug}`);
  const { db } = await getDatabase();
  const membership = await getMembership(db, user.id, slug);
  if (!membership) notFound();
  const teams = await listTeamsForUser(db, user.id);
  const svc: TeamCtx = { db, actor: { type: "user", userId: user.id, email: user.email }, ...membership };
  return {
    user,
    team: membership.team,
    role: membership.role,
    teams,
    /** The service context of this user in this team, for pages that read through services. */
    svc,
    can: (p: Permission) => can(membership.role, p),
  };
});

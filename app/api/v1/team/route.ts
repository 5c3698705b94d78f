import { withTokenAuth } from "@/server/api/rest";

export const runtime = "nodejs";

/** The token's team and its owner's role there. */
export const GET = withTokenAuth("team:read", async (ctx) => ({
  team: ctx.team,
  role: ctx.role,
  user: ctx.actor.type === "token" ? { id: ctx.actor.userId, email: ctx.actor.email } : null,
}));

import { createTeam, CreateTeamInput } from "@/server/services/teams/create-team";
import { listTeamsForUser } from "@/server/services/teams/memberships";
import { authedProcedure, createTRPCRouter, teamProcedure } from "../trpc";

export const teamRouter = createTRPCRouter({
  mine: authedProcedure.query(({ ctx }) => listTeamsForUser(ctx.db, ctx.user.id)),
  create: authedProcedure.input(CreateTeamInput).mutation(({ ctx, input }) =>
    createTeam({ ctx: { db: ctx.db, actor: { type: "user", userId: ctx.user.id, email: ctx.user.email } }, input }),
  ),
  get: teamProcedure("team:read").query(({ ctx }) => ({ ...ctx.svc.team, role: ctx.svc.role })),
});

import { createToken, CreateTokenInput } from "@/server/services/tokens/create-token";
import { listTokens } from "@/server/services/tokens/list-tokens";
import { revokeToken, RevokeTokenInput } from "@/server/services/tokens/revoke-token";
import { createTRPCRouter, teamProcedure } from "../trpc";

export const tokensRouter = createTRPCRouter({
  list: teamProcedure("token:own").query(({ ctx }) => listTokens({ ctx: ctx.svc })),
  create: teamProcedure("token:own").input(CreateTokenInput).mutation(({ ctx, input }) => createToken({ ctx: ctx.svc, input })),
  revoke: teamProcedure("token:own").input(RevokeTokenInput).mutation(({ ctx, input }) => revokeToken({ ctx: ctx.svc, input })),
});

import { z } from "zod";
import { createDeployment } from "@/server/services/serving/create-deployment";
import { deleteDeployment } from "@/server/services/serving/delete-deployment";
import { getDeploymentTraffic } from "@/server/services/serving/deployment-traffic";
import { getDeployment } from "@/server/services/serving/get-deployment";
import { listDeployments } from "@/server/services/serving/list-deployments";
import { CreateDeploymentInput, UpdateDeploymentInput } from "@/server/services/serving/schemas";
import { updateDeployment } from "@/server/services/serving/update-deployment";
import { createTRPCRouter, teamProcedure } from "../trpc";

const ByName = z.object({ name: z.string().min(1) });

export const deploymentsRouter = createTRPCRouter({
  list: teamProcedure("deployment:read").query(({ ctx }) => listDeployments({ ctx: ctx.svc })),
  get: teamProcedure("deployment:read").input(ByName).query(({ ctx, input }) => getDeployment({ ctx: ctx.svc, input })),
  traffic: teamProcedure("deployment:read")
    .input(ByName.extend({ limit: z.number().int().min(1).max(500).optional() }))
    .query(({ ctx, input }) => getDeploymentTraffic({ ctx: ctx.svc, input })),
  create: teamProcedure("deployment:write").input(CreateDeploymentInput).mutation(({ ctx, input }) => createDeployment({ ctx: ctx.svc, input })),
  update: teamProcedure("deployment:write").input(UpdateDeploymentInput).mutation(({ ctx, input }) => updateDeployment({ ctx: ctx.svc, input })),
  remove: teamProcedure("deployment:delete").input(ByName).mutation(({ ctx, input }) => deleteDeployment({ ctx: ctx.svc, input })),
});

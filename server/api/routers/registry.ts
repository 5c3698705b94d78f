import { z } from "zod";
import { setAlias } from "@/server/services/registry/aliases";
import { listRegisteredModels, ListModelsInput } from "@/server/services/registry/list-models";
import { getRegisteredModel, ModelName } from "@/server/services/registry/models";
import { registerRunModel } from "@/server/services/registry/register-run-model";
import {
  approveTransition,
  listTransitionRequests,
  rejectTransition,
  requestProduction,
  rollbackProduction,
  transitionStage,
} from "@/server/services/registry/stages";
import { getVersionDetail } from "@/server/services/registry/version-detail";
import { createTRPCRouter, teamProcedure } from "../trpc";

const VersionRef = z.object({ name: z.string().min(1), version: z.number().int().positive() });

export const registryRouter = createTRPCRouter({
  models: teamProcedure("model:read").input(ListModelsInput).query(({ ctx, input }) => listRegisteredModels({ ctx: ctx.svc, input })),
  model: teamProcedure("model:read").input(z.object({ name: z.string().min(1) })).query(({ ctx, input }) => getRegisteredModel({ ctx: ctx.svc, input })),
  version: teamProcedure("model:read").input(VersionRef).query(({ ctx, input }) => getVersionDetail({ ctx: ctx.svc, input })),
  requests: teamProcedure("model:read")
    .input(z.object({ status: z.enum(["pending", "approved", "rejected", "cancelled"]).optional() }))
    .query(({ ctx, input }) => listTransitionRequests({ ctx: ctx.svc, input })),
  transition: teamProcedure("model:write")
    .input(VersionRef.extend({ stage: z.enum(["None", "Staging", "Archived"]) }))
    .mutation(({ ctx, input }) => transitionStage({ ctx: ctx.svc, input })),
  requestProduction: teamProcedure("model:write")
    .input(VersionRef.extend({ comment: z.string().max(5000).optional() }))
    .mutation(({ ctx, input }) => requestProduction({ ctx: ctx.svc, input })),
  approve: teamProcedure("transition:approve")
    .input(z.object({ requestId: z.uuid(), comment: z.string().max(5000).optional() }))
    .mutation(({ ctx, input }) => approveTransition({ ctx: ctx.svc, input })),
  reject: teamProcedure("transition:approve")
    .input(z.object({ requestId: z.uuid(), comment: z.string().max(5000).optional() }))
    .mutation(({ ctx, input }) => rejectTransition({ ctx: ctx.svc, input })),
  /** Production back to `version`, or without one to the version in Production before it. */
  rollback: teamProcedure("transition:approve")
    .input(VersionRef.extend({ version: VersionRef.shape.version.optional() }))
    .mutation(({ ctx, input }) => rollbackProduction({ ctx: ctx.svc, input })),
  /** Registers the model a run stored under model/ (a finished training job's) as a new version. */
  registerRun: teamProcedure("model:write")
    .input(z.object({ runId: z.uuid(), model: ModelName, description: z.string().max(5000).optional() }))
    .mutation(({ ctx, input }) => registerRunModel(ctx.svc, input)),
  setAlias: teamProcedure("model:write")
    .input(VersionRef.extend({ alias: z.string().min(1) }))
    .mutation(({ ctx, input }) => setAlias({ ctx: ctx.svc, input })),
});

import { z } from "zod";
import { listRunArtifacts, previewRunArtifact } from "@/server/services/tracking/artifacts";
import { compareRuns, CompareRunsInput } from "@/server/services/tracking/compare-runs";
import { getExperiment, searchExperiments } from "@/server/services/tracking/experiments";
import { getMetricHistory } from "@/server/services/tracking/log-batch";
import { getRunLineage } from "@/server/services/tracking/run-lineage";
import { getRun } from "@/server/services/tracking/runs";
import { searchRuns } from "@/server/services/tracking/search-runs";
import { createTRPCRouter, teamProcedure } from "../trpc";

export const trackingRouter = createTRPCRouter({
  experiments: teamProcedure("run:read").query(({ ctx }) => searchExperiments({ ctx: ctx.svc, input: {} })),
  experiment: teamProcedure("run:read")
    .input(z.object({ experimentId: z.number().int().positive() }))
    .query(({ ctx, input }) => getExperiment({ ctx: ctx.svc, input })),
  runs: teamProcedure("run:read")
    .input(z.object({ experimentId: z.number().int().positive(), filter: z.string().max(10_000).optional(), orderBy: z.array(z.string()).max(10).optional() }))
    .query(({ ctx, input }) => searchRuns({ ctx: ctx.svc, input: { experimentIds: [input.experimentId], filter: input.filter, orderBy: input.orderBy, maxResults: 5000 } })),
  run: teamProcedure("run:read").input(z.object({ runId: z.uuid() })).query(({ ctx, input }) => getRun({ ctx: ctx.svc, input })),
  artifacts: teamProcedure("run:read")
    .input(z.object({ runId: z.uuid(), path: z.string().max(1024).optional() }))
    .query(({ ctx, input }) => listRunArtifacts({ ctx: ctx.svc, input })),
  artifactPreview: teamProcedure("run:read")
    .input(z.object({ runId: z.uuid(), path: z.string().min(1).max(1024) }))
    .query(({ ctx, input }) => previewRunArtifact({ ctx: ctx.svc, input })),
  compare: teamProcedure("run:read").input(CompareRunsInput).query(({ ctx, input }) => compareRuns({ ctx: ctx.svc, input })),
  lineage: teamProcedure("run:read").input(z.object({ runId: z.uuid() })).query(({ ctx, input }) => getRunLineage({ ctx: ctx.svc, input })),
  metricHistory: teamProcedure("run:read")
    .input(z.object({ runId: z.uuid(), key: z.string().min(1) }))
    .query(({ ctx, input }) => getMetricHistory({ ctx: ctx.svc, input })),
});

import { z } from "zod";
import { ChartDataInput, datasetChartData } from "@/server/services/datasets/chart-data";
import { generateSyntheticDataset, GenerateSyntheticInput } from "@/server/services/datasets/generate-synthetic";
import { getDatasetVersion, listDatasets } from "@/server/services/datasets/list-datasets";
import { createTRPCRouter, teamProcedure } from "../trpc";

export const datasetsRouter = createTRPCRouter({
  list: teamProcedure("dataset:read").query(({ ctx }) => listDatasets({ ctx: ctx.svc })),
  version: teamProcedure("dataset:read")
    .input(z.object({ datasetId: z.uuid(), version: z.number().int().positive().optional() }))
    .query(({ ctx, input }) => getDatasetVersion({ ctx: ctx.svc, input })),
  chart: teamProcedure("dataset:read").input(ChartDataInput).query(({ ctx, input }) => datasetChartData({ ctx: ctx.svc, input })),
  generateSynthetic: teamProcedure("dataset:write")
    .input(GenerateSyntheticInput)
    .mutation(({ ctx, input }) => generateSyntheticDataset({ ctx: ctx.svc, input })),
});

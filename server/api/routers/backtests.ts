import { z } from "zod";
import { getBacktest, listBacktests } from "@/server/services/backtests/get-backtest";
import { runSignalBacktest } from "@/server/services/backtests/run-backtest";
import { RunSweepInput, runSignalSweep } from "@/server/services/backtests/run-sweep";
import { RunBacktestInput } from "@/server/services/backtests/schemas";
import { createTRPCRouter, teamProcedure } from "../trpc";

export const backtestsRouter = createTRPCRouter({
  list: teamProcedure("backtest:read").query(({ ctx }) => listBacktests({ ctx: ctx.svc })),
  get: teamProcedure("backtest:read")
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => getBacktest({ ctx: ctx.svc, input })),
  run: teamProcedure("backtest:run").input(RunBacktestInput).mutation(({ ctx, input }) => runSignalBacktest({ ctx: ctx.svc, input })),
  sweep: teamProcedure("backtest:run").input(RunSweepInput).mutation(({ ctx, input }) => runSignalSweep({ ctx: ctx.svc, input })),
});

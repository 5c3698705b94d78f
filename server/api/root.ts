import { alertsRouter } from "./routers/alerts";
import { auditRouter } from "./routers/audit";
import { backtestsRouter } from "./routers/backtests";
import { datasetsRouter } from "./routers/datasets";
import { deploymentsRouter } from "./routers/deployments";
import { jobsRouter } from "./routers/jobs";
import { membersRouter } from "./routers/members";
import { monitoringRouter } from "./routers/monitoring";
import { registryRouter } from "./routers/registry";
import { schedulesRouter } from "./routers/schedules";
import { teamRouter } from "./routers/team";
import { tokensRouter } from "./routers/tokens";
import { trackingRouter } from "./routers/tracking";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  team: teamRouter,
  members: membersRouter,
  tokens: tokensRouter,
  audit: auditRouter,
  datasets: datasetsRouter,
  backtests: backtestsRouter,
  tracking: trackingRouter,
  registry: registryRouter,
  deployments: deploymentsRouter,
  jobs: jobsRouter,
  schedules: schedulesRouter,
  alerts: alertsRouter,
  monitoring: monitoringRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);

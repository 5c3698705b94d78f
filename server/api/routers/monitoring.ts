import { checkDriftNow } from "@/server/services/monitoring/check-drift-now";
import { deleteDriftMonitor } from "@/server/services/monitoring/delete-drift-monitor";
import { DeploymentHealthInput, getDeploymentHealth } from "@/server/services/monitoring/deployment-health";
import { ListDriftReportsInput, listDriftReports } from "@/server/services/monitoring/list-drift-reports";
import { getDriftMonitor } from "@/server/services/monitoring/monitor-view";
import { DeploymentRef, DriftMonitorInput } from "@/server/services/monitoring/schemas";
import { setDriftMonitor } from "@/server/services/monitoring/set-drift-monitor";
import { createTRPCRouter, teamProcedure } from "../trpc";

export const monitoringRouter = createTRPCRouter({
  /** A deployment's drift reports, newest first (per-feature statistics and performance). */
  reports: teamProcedure("monitor:read").input(ListDriftReportsInput).query(({ ctx, input }) => listDriftReports({ ctx: ctx.svc, input })),
  /** Latency and error rate per time bucket from the prediction log. */
  health: teamProcedure("monitor:read").input(DeploymentHealthInput).query(({ ctx, input }) => getDeploymentHealth({ ctx: ctx.svc, input })),
  /** The deployment's drift monitor (null when it has none). */
  monitor: teamProcedure("monitor:read").input(DeploymentRef).query(({ ctx, input }) => getDriftMonitor({ ctx: ctx.svc, input })),
  setMonitor: teamProcedure("monitor:write").input(DriftMonitorInput).mutation(({ ctx, input }) => setDriftMonitor({ ctx: ctx.svc, input })),
  deleteMonitor: teamProcedure("monitor:write").input(DeploymentRef).mutation(({ ctx, input }) => deleteDriftMonitor({ ctx: ctx.svc, input })),
  /** Check now: queues a drift_check job of the deployment. */
  checkNow: teamProcedure("monitor:run").input(DeploymentRef).mutation(({ ctx, input }) => checkDriftNow({ ctx: ctx.svc, input })),
});

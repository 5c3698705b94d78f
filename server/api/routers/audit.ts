import { listAudit, ListAuditInput } from "@/server/services/audit/list-audit";
import { createTRPCRouter, teamProcedure } from "../trpc";

export const auditRouter = createTRPCRouter({
  list: teamProcedure("audit:read").input(ListAuditInput).query(({ ctx, input }) => listAudit({ ctx: ctx.svc, input })),
});

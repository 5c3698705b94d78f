import { AlertRef, acknowledgeAlert } from "@/server/services/alerts/acknowledge-alert";
import { getTeamWebhook } from "@/server/services/alerts/get-team-webhook";
import { ListAlertsInput, listAlerts } from "@/server/services/alerts/list-alerts";
import { resolveAlert } from "@/server/services/alerts/resolve-alert";
import { SetTeamWebhookInput, setTeamWebhook } from "@/server/services/alerts/set-team-webhook";
import { createTRPCRouter, teamProcedure } from "../trpc";

export const alertsRouter = createTRPCRouter({
  list: teamProcedure("alert:read").input(ListAlertsInput).query(({ ctx, input }) => listAlerts({ ctx: ctx.svc, input })),
  acknowledge: teamProcedure("alert:manage").input(AlertRef).mutation(({ ctx, input }) => acknowledgeAlert({ ctx: ctx.svc, input })),
  resolve: teamProcedure("alert:manage").input(AlertRef).mutation(({ ctx, input }) => resolveAlert({ ctx: ctx.svc, input })),
  /** The team's webhook (no secret) and its last deliveries. */
  webhook: teamProcedure("webhook:manage").query(({ ctx }) => getTeamWebhook({ ctx: ctx.svc })),
  /** Sets it; answers the secret once when it was set or generated. */
  setWebhook: teamProcedure("webhook:manage").input(SetTeamWebhookInput).mutation(({ ctx, input }) => setTeamWebhook({ ctx: ctx.svc, input })),
});

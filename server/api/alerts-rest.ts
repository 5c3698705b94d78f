/**
 * Alerts over REST (`/api/v1/alerts`, `/api/v1/alerts/{id}/acknowledge|resolve`): the alert
 * resource (snake_case, as the jobs resource) and the route handlers, each one service call
 * behind token (or session) auth.
 */
import { type Db, getDatabase } from "@/db";
import { acknowledgeAlert } from "@/server/services/alerts/acknowledge-alert";
import { getAlert } from "@/server/services/alerts/get-alert";
import { type AlertView, listAlerts } from "@/server/services/alerts/list-alerts";
import { resolveAlert } from "@/server/services/alerts/resolve-alert";
import { type SessionLookup, withTokenAuth } from "./rest";

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function alertResource(a: AlertView) {
  return {
    id: a.id,
    type: a.type,
    severity: a.severity,
    title: a.title,
    details: a.details,
    status: a.status,
    count: a.count,
    model: a.modelId ? { id: a.modelId, name: a.modelName } : null,
    version_id: a.versionId,
    deployment_id: a.deploymentId,
    schedule_id: a.scheduleId,
    created_at: iso(a.createdAt),
    last_seen_at: iso(a.lastSeenAt),
    acknowledged: a.acknowledgedAt ? { by: a.acknowledgedByEmail, at: iso(a.acknowledgedAt) } : null,
    resolved: a.resolvedAt ? { by: a.resolvedByEmail, at: iso(a.resolvedAt) } : null,
    links: { acknowledge: `/api/v1/alerts/${a.id}/acknowledge`, resolve: `/api/v1/alerts/${a.id}/resolve` },
  };
}

type Database = () => Promise<{ db: Db }>;

/** The handlers of the alert routes (route files bind them; tests call them directly). */
export function alertsHandlers({ database = getDatabase, session }: { database?: Database; session?: SessionLookup } = {}) {
  return {
    /** GET /api/v1/alerts?status=open,acknowledged&type=&severity=&model_id=&deployment_id=&schedule_id=&before=&limit= */
    list: withTokenAuth(
      "alert:read",
      async (ctx, req) => {
        const q = new URL(req.url).searchParams;
        const param = (name: string) => q.get(name) ?? undefined;
        const page = await listAlerts({
          ctx,
          input: {
            status: param("status"),
            type: param("type"),
            severity: param("severity"),
            modelId: param("model_id"),
            deploymentId: param("deployment_id"),
            scheduleId: param("schedule_id"),
            before: param("before"),
            limit: param("limit"),
          } as never,
        });
        return { alerts: page.items.map(alertResource), next_before: page.nextBefore };
      },
      database,
      session,
    ),
    /** POST /api/v1/alerts/{id}/acknowledge */
    acknowledge: (id: string) =>
      withTokenAuth(
        "alert:manage",
        async (ctx) => {
          await acknowledgeAlert({ ctx, input: { id } });
          return alertResource(await getAlert({ ctx, input: { id } }));
        },
        database,
        session,
      ),
    /** POST /api/v1/alerts/{id}/resolve */
    resolve: (id: string) =>
      withTokenAuth(
        "alert:manage",
        async (ctx) => {
          await resolveAlert({ ctx, input: { id } });
          return alertResource(await getAlert({ ctx, input: { id } }));
        },
        database,
        session,
      ),
  };
}

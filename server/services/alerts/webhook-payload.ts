import type { TeamRef } from "../context";
import type { AlertRow } from "./access";

export const ALERT_RAISED_EVENT = "alert.raised";

/** The JSON a webhook receives for a new alert. */
export function alertWebhookPayload(team: TeamRef, alert: AlertRow) {
  return {
    event: ALERT_RAISED_EVENT,
    team: { slug: team.slug, name: team.name },
    alert: {
      id: alert.id,
      type: alert.type,
      severity: alert.severity,
      title: alert.title,
      details: alert.details,
      status: alert.status,
      model_id: alert.modelId,
      version_id: alert.versionId,
      deployment_id: alert.deploymentId,
      schedule_id: alert.scheduleId,
      created_at: alert.createdAt.toISOString(),
    },
    links: { monitoring: `/${team.slug}/monitoring` },
  };
}

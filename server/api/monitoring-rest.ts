/**
 * Drift monitoring over REST: a deployment's drift reports and "check now"
 * (`/api/v1/deployments/{name}/drift`), its drift monitor (`.../drift/monitor`: GET, PUT,
 * DELETE) and its health (`.../health`: latency and error rate). Each handler is one service call
 * behind token (or session) auth. Inputs are the services' own (camelCase, as job inputs and
 * schedules); answers are snake_case, as the rest of /api/v1.
 */
import { type Db, getDatabase } from "@/db";
import type { JobDispatcher } from "@/server/services/jobs/dispatch";
import { checkDriftNow } from "@/server/services/monitoring/check-drift-now";
import { deleteDriftMonitor } from "@/server/services/monitoring/delete-drift-monitor";
import { getDeploymentHealth } from "@/server/services/monitoring/deployment-health";
import { type DriftReportView, listDriftReports } from "@/server/services/monitoring/list-drift-reports";
import { type DriftMonitorView, getDriftMonitor } from "@/server/services/monitoring/monitor-view";
import { setDriftMonitor } from "@/server/services/monitoring/set-drift-monitor";
import { notFound } from "@/server/services/errors";
import { jobResource } from "./jobs-rest";
import { readJsonObject, type SessionLookup, withTokenAuth } from "./rest";

const iso = (d: Date | null) => d?.toISOString() ?? null;
const deploymentPath = (name: string) => `/api/v1/deployments/${encodeURIComponent(name)}`;

export function driftReportResource(r: DriftReportView, deployment: string) {
  const p = r.performance;
  return {
    id: r.id,
    deployment,
    model: r.model,
    version: r.version,
    source: r.source,
    reference: { from: iso(r.referenceFrom), to: iso(r.referenceTo), rows: r.referenceRows },
    current: { from: iso(r.currentFrom), to: iso(r.currentTo), rows: r.currentRows },
    features: r.features.map((f) => ({
      name: f.name,
      psi: f.psi,
      psi_level: f.psiLevel,
      ks: f.ks,
      ks_p_value: f.ksPValue,
      wasserstein_sigma: f.wassersteinSigma,
      jensen_shannon: f.jensenShannon,
      drifted: f.drifted,
      reference_count: f.referenceCount,
      current_count: f.currentCount,
      reference_missing: f.referenceMissing,
      current_missing: f.currentMissing,
    })),
    evaluated: r.evaluated,
    drifted: r.drifted,
    drifted_share: r.driftedShare,
    dataset_drift: r.datasetDrift,
    performance: p
      ? {
          task: p.task,
          window: p.window,
          realised: p.realised,
          skipped: p.skipped,
          metrics: p.metrics.map((m) => ({ key: m.key, label: m.label, current: m.current, baseline: m.baseline, degradation: m.degradation, level: m.level, series: m.series.map((s) => ({ t: new Date(s.t).toISOString(), v: s.v })) })),
        }
      : null,
    created_at: iso(r.createdAt),
    links: { deployment: deploymentPath(deployment), ...(r.jobId ? { job: `/api/v1/jobs/${r.jobId}` } : {}) },
  };
}

export function driftMonitorResource(m: DriftMonitorView) {
  return {
    id: m.id,
    deployment: m.deployment,
    cron: m.cron,
    time_zone: m.timeZone,
    description: m.description,
    enabled: m.enabled,
    settings: m.settings,
    next_run_at: iso(m.nextRunAt),
    upcoming: m.upcoming.map((d) => d.toISOString()),
    last_run: m.lastRunAt ? { at: iso(m.lastRunAt), status: m.lastStatus, reason: m.lastReason, job_id: m.lastJob?.id ?? null, job_status: m.lastJob?.status ?? null } : null,
    created_at: iso(m.createdAt),
    updated_at: iso(m.updatedAt),
    links: { self: `${deploymentPath(m.deployment)}/drift/monitor`, reports: `${deploymentPath(m.deployment)}/drift` },
  };
}

type Database = () => Promise<{ db: Db }>;

/** The handlers of the monitoring routes (route files bind them; tests call them directly). */
export function monitoringHandlers({ database = getDatabase, session, dispatcher }: { database?: Database; session?: SessionLookup; dispatcher?: JobDispatcher } = {}) {
  return {
    /** GET /api/v1/deployments/{name}/drift?limit&before: its drift reports, newest first */
    reports: (name: string) =>
      withTokenAuth(
        "monitor:read",
        async (ctx, req) => {
          const q = new URL(req.url).searchParams;
          const page = await listDriftReports({ ctx, input: { deployment: name, limit: (q.get("limit") ?? undefined) as never, before: q.get("before") ?? undefined } });
          return { reports: page.items.map((r) => driftReportResource(r, name)), next_before: page.nextBefore };
        },
        database,
        session,
      ),
    /** POST /api/v1/deployments/{name}/drift: check now → 202 with the drift_check job */
    check: (name: string) =>
      withTokenAuth(
        "monitor:run",
        async (ctx) => {
          const job = await checkDriftNow({ ctx, input: { deployment: name }, dispatcher });
          return Response.json(jobResource(job, ctx.team), { status: 202, headers: { location: `/api/v1/jobs/${job.id}` } });
        },
        database,
        session,
      ),
    /** GET /api/v1/deployments/{name}/drift/monitor (404 when it has none) */
    monitor: (name: string) =>
      withTokenAuth(
        "monitor:read",
        async (ctx) => {
          const m = await getDriftMonitor({ ctx, input: { deployment: name } });
          if (!m) throw notFound(`drift monitor of "${name}"`);
          return driftMonitorResource(m);
        },
        database,
        session,
      ),
    /** PUT /api/v1/deployments/{name}/drift/monitor with `{ cron, timeZone?, enabled?, settings? }` (creates or replaces it) */
    setMonitor: (name: string) =>
      withTokenAuth("monitor:write", async (ctx, req) => driftMonitorResource((await setDriftMonitor({ ctx, input: { ...(await readJsonObject(req)), deployment: name } as never }))!), database, session),
    /** DELETE /api/v1/deployments/{name}/drift/monitor */
    deleteMonitor: (name: string) => withTokenAuth("monitor:write", async (ctx) => deleteDriftMonitor({ ctx, input: { deployment: name } }), database, session),
    /** GET /api/v1/deployments/{name}/health?hours=24: latency and error rate per time bucket */
    health: (name: string) =>
      withTokenAuth(
        "monitor:read",
        async (ctx, req) => {
          const h = await getDeploymentHealth({ ctx, input: { deployment: name, hours: (new URL(req.url).searchParams.get("hours") ?? undefined) as never } });
          return {
            deployment: h.deployment,
            hours: h.hours,
            bucket_seconds: h.bucketSeconds,
            requests: h.requests,
            errors: h.errors,
            error_rate: h.errorRate,
            buckets: h.buckets.map((b) => ({ at: b.at.toISOString(), requests: b.requests, errors: b.errors, error_rate: b.errorRate, p50_ms: b.p50Ms, p99_ms: b.p99Ms })),
          };
        },
        database,
        session,
      ),
  };
}

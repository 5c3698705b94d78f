/**
 * Retraining schedules over REST (`/api/v1/models/{name}/schedules`, `/api/v1/schedules/{id}`,
 * `/api/v1/schedules/{id}/run`) and Production rollback (`/api/v1/models/{name}/rollback`):
 * response shapes, the mapping of a schedule onto them, and the route handlers, each one
 * service call behind token (or session) auth. Inputs are the services' own (camelCase, as job
 * inputs); answers are snake_case, as the jobs resource.
 */
import { type Db, getDatabase } from "@/db";
import type { JobDispatcher } from "@/server/services/jobs/dispatch";
import { rollbackProduction } from "@/server/services/registry/stages";
import { createSchedule } from "@/server/services/schedules/create-schedule";
import { deleteSchedule } from "@/server/services/schedules/delete-schedule";
import { listSchedules } from "@/server/services/schedules/list-schedules";
import { retrainNow } from "@/server/services/schedules/retrain-now";
import type { ScheduleView } from "@/server/services/schedules/schedule-view";
import { updateSchedule } from "@/server/services/schedules/update-schedule";
import { jobResource } from "./jobs-rest";
import { readJsonObject, type SessionLookup, withTokenAuth } from "./rest";

const iso = (d: Date | null) => d?.toISOString() ?? null;
const schedulePath = (id: string) => `/api/v1/schedules/${id}`;

export function scheduleResource(s: ScheduleView) {
  return {
    id: s.id,
    model: s.model,
    cron: s.cron,
    time_zone: s.timeZone,
    description: s.description,
    enabled: s.enabled,
    gates: s.gates,
    on_pass: s.onPass,
    next_run_at: iso(s.nextRunAt),
    upcoming: s.upcoming.map((d) => d.toISOString()),
    last_run: s.lastRunAt
      ? {
          at: iso(s.lastRunAt),
          status: s.lastStatus,
          reason: s.lastReason,
          job_id: s.lastJob?.id ?? null,
          job_status: s.lastJob?.status ?? null,
          version: s.lastVersion,
        }
      : null,
    created_at: iso(s.createdAt),
    updated_at: iso(s.updatedAt),
    links: { self: schedulePath(s.id), run: `${schedulePath(s.id)}/run`, ...(s.lastJob ? { last_job: `/api/v1/jobs/${s.lastJob.id}` } : {}) },
  };
}

type Database = () => Promise<{ db: Db }>;

/** The handlers of the schedule and rollback routes (route files bind them; tests call them directly). */
export function schedulesHandlers({ database = getDatabase, session, dispatcher }: { database?: Database; session?: SessionLookup; dispatcher?: JobDispatcher } = {}) {
  return {
    /** GET /api/v1/models/{name}/schedules */
    list: (model: string) =>
      withTokenAuth("schedule:read", async (ctx) => ({ schedules: (await listSchedules({ ctx, input: { model } })).map(scheduleResource) }), database, session),
    /** POST /api/v1/models/{name}/schedules with `{ cron, timeZone?, enabled?, gates?, onPass? }` → 201 */
    create: (model: string) =>
      withTokenAuth(
        "schedule:write",
        async (ctx, req) => {
          const s = scheduleResource(await createSchedule({ ctx, input: { ...(await readJsonObject(req)), model } as never }));
          return Response.json(s, { status: 201, headers: { location: s.links.self } });
        },
        database,
        session,
      ),
    /** PATCH /api/v1/schedules/{id} with any of `cron, timeZone, enabled, gates, onPass` */
    update: (id: string) =>
      withTokenAuth("schedule:write", async (ctx, req) => scheduleResource(await updateSchedule({ ctx, input: { ...(await readJsonObject(req)), id } as never })), database, session),
    /** DELETE /api/v1/schedules/{id} */
    remove: (id: string) => withTokenAuth("schedule:write", async (ctx) => deleteSchedule({ ctx, input: { id } }), database, session),
    /** POST /api/v1/schedules/{id}/run: retrain now → 202 with the job */
    run: (id: string) =>
      withTokenAuth(
        "schedule:run",
        async (ctx) => {
          const job = await retrainNow({ ctx, input: { id }, dispatcher });
          return Response.json(jobResource(job, ctx.team), { status: 202, headers: { location: `/api/v1/jobs/${job.id}` } });
        },
        database,
        session,
      ),
    /** POST /api/v1/models/{name}/rollback with an optional `{ version }` (default: the version in Production before this one) */
    rollback: (name: string) =>
      withTokenAuth("transition:approve", async (ctx, req) => rollbackProduction({ ctx, input: { ...(await readJsonObject(req, { optional: true })), name } as never }), database, session),
  };
}

/**
 * The jobs REST resource (`/api/v1/jobs`): its response shapes as zod schemas (the OpenAPI
 * document is generated from them and from the job input schemas), the mapping of a job row
 * onto them, and the route handlers, each one service call behind token or session auth.
 */
import { z } from "zod";
import { type Db, getDatabase } from "@/db";
import { JOB_STATUSES } from "@/db/schema";
import type { TeamRef } from "@/server/services/context";
import type { JobRow } from "@/server/services/jobs/access";
import { cancelJob } from "@/server/services/jobs/cancel-job";
import type { JobDispatcher } from "@/server/services/jobs/dispatch";
import { enqueueJob } from "@/server/services/jobs/enqueue-job";
import { getJob } from "@/server/services/jobs/get-job";
import { listJobs } from "@/server/services/jobs/list-jobs";
import { readJson, type SessionLookup, withTokenAuth } from "./rest";

const isoTime = z.iso.datetime({ offset: true });

export const JobResource = z.object({
  id: z.uuid(),
  kind: z.string(),
  status: z.enum(JOB_STATUSES),
  attempts: z.number().int().describe("executions started so far (a retry or a resume after a crash adds one)"),
  max_attempts: z.number().int(),
  progress: z.object({
    done: z.number().int(),
    total: z.number().int(),
    fraction: z.number().nullable().describe("done / total, null before the job has said how much there is"),
    message: z.string().nullable(),
  }),
  input: z.unknown().describe("the input as validated, defaults filled in"),
  result: z.unknown().describe("what the job returned (ids of what it wrote, summary metrics); null until it succeeds"),
  error: z.string().nullable().describe("why the last attempt failed"),
  run_id: z.uuid().nullable().describe("the job's tracking run"),
  created_at: isoTime,
  updated_at: isoTime,
  started_at: isoTime.nullable(),
  finished_at: isoTime.nullable(),
  links: z.record(z.string(), z.string()).describe("self, cancel; run (UI) and run_api (MLflow REST) once the job has a run; what its result points at (e.g. backtest)"),
});
export type JobResource = z.output<typeof JobResource>;

export const JobAccepted = z.object({ job_id: z.uuid(), status: z.enum(JOB_STATUSES), links: z.object({ self: z.string() }) });
export const JobList = z.object({ jobs: z.array(JobResource), next_before: isoTime.nullable().describe("pass as ?before= for the next page") });
export const ApiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional().describe("the input field the error is about"),
    fields: z.record(z.string(), z.array(z.string())).optional().describe("validation messages by dotted input path, e.g. input.target.datasetId"),
  }),
});

const jobPath = (id: string) => `/api/v1/jobs/${id}`;

/** Links to what a job's result names, by result key (a new kind whose result names another
 * page adds its key here). */
const RESULT_LINKS: Record<string, (team: TeamRef, id: string) => string> = {
  backtestId: (team, id) => `/${team.slug}/backtests/${id}`,
};

export function jobResource(job: JobRow, team: TeamRef): JobResource {
  const links: Record<string, string> = { self: jobPath(job.id), cancel: `${jobPath(job.id)}/cancel` };
  if (job.runId) {
    links.run = `/${team.slug}/runs/${job.runId}`;
    links.run_api = `/api/2.0/mlflow/runs/get?run_id=${job.runId}`;
  }
  if (job.result && typeof job.result === "object") {
    for (const [key, value] of Object.entries(job.result)) {
      const link = RESULT_LINKS[key];
      if (link && typeof value === "string") links[key.replace(/Id$/, "")] = link(team, value);
    }
  }
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    attempts: job.attempts,
    max_attempts: job.maxAttempts,
    progress: {
      done: job.progressDone,
      total: job.progressTotal,
      fraction: job.progressTotal > 0 ? Math.min(1, job.progressDone / job.progressTotal) : null,
      message: job.progressMessage,
    },
    input: job.input,
    result: job.result,
    error: job.error,
    run_id: job.runId,
    created_at: job.createdAt.toISOString(),
    updated_at: job.updatedAt.toISOString(),
    started_at: job.startedAt?.toISOString() ?? null,
    finished_at: job.finishedAt?.toISOString() ?? null,
    links,
  };
}

type Database = () => Promise<{ db: Db }>;

/** The handlers of the jobs routes (the route files bind them; tests call them directly). */
export function jobsHandlers({ database = getDatabase, session, dispatcher }: { database?: Database; session?: SessionLookup; dispatcher?: JobDispatcher } = {}) {
  return {
    /** GET /api/v1/jobs?status=&kind=&before=&limit= */
    list: withTokenAuth(
      "job:read",
      async (ctx, req) => {
        const q = new URL(req.url).searchParams;
        const page = await listJobs({
          ctx,
          input: {
            status: (q.get("status") ?? undefined) as never,
            kind: q.get("kind") ?? undefined,
            before: q.get("before") ?? undefined,
            limit: q.has("limit") ? Number(q.get("limit")) : undefined,
          },
        });
        return { jobs: page.items.map((j) => jobResource(j, ctx.team)), next_before: page.nextBefore } satisfies z.input<typeof JobList>;
      },
      database,
      session,
    ),
    /** POST /api/v1/jobs with `{ kind, input }`: 202 `{ job_id }` at once; the job runs in the background. */
    create: withTokenAuth(
      "job:run",
      async (ctx, req) => {
        const job = await enqueueJob({ ctx, input: (await readJson(req)) as never, dispatcher });
        const body: z.input<typeof JobAccepted> = { job_id: job.id, status: job.status, links: { self: jobPath(job.id) } };
        return Response.json(body, { status: 202, headers: { location: jobPath(job.id) } });
      },
      database,
      session,
    ),
    /** GET /api/v1/jobs/{id} */
    get: (id: string) => withTokenAuth("job:read", async (ctx) => jobResource(await getJob({ ctx, input: { id } }), ctx.team), database, session),
    /** POST /api/v1/jobs/{id}/cancel */
    cancel: (id: string) => withTokenAuth("job:cancel", async (ctx) => jobResource(await cancelJob({ ctx, input: { id }, dispatcher }), ctx.team), database, session),
  };
}

/**
 * The OpenAPI 3.1 document of the public jobs API, generated from the zod schemas the routes
 * validate and answer with (workers/jobs/schemas.ts for inputs, jobs-rest.ts for responses),
 * so the document cannot drift from the code. Served at /api/v1/openapi.json.
 */
import { z } from "zod";
import { JOB_STATUSES } from "@/db/schema";
import { JOB_INPUT_SCHEMAS, JOB_KINDS, JobRequest } from "@/workers/jobs/schemas";
import { ApiError, JobAccepted, JobList, JobResource } from "./jobs-rest";

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) of a zod schema, without its `$schema` key. */
export function jsonSchema(schema: z.ZodType, io: "input" | "output") {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" });
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ content: { "application/json": { schema } } });
const ERRORS = {
  400: "invalid input (`fields` names each bad field)",
  401: "no or invalid token",
  403: "the role may not do this",
  404: "no such job in the caller's team",
  409: "the job has already finished",
} as const;
const errors = (...codes: (keyof typeof ERRORS)[]) =>
  Object.fromEntries(codes.map((code) => [String(code), { description: ERRORS[code], ...json(ref("Error")) }]));
const jobId = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const team = {
  name: "team",
  in: "query",
  required: false,
  description: "the team's slug, for browser sessions (a token acts in its own team)",
  schema: { type: "string" },
};

let cached: object | undefined;

export function openApiDocument(): object {
  cached ??= {
    openapi: "3.1.0",
    info: {
      title: "Foldline API",
      version: "1",
      description: `Durable jobs: launch one (${JOB_KINDS.join(", ")}), follow its status and progress, read its result, cancel it. Authenticate with an API token (Authorization: Bearer fl_...).`,
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "an API token; it acts with its owner's role in its team" } },
      schemas: {
        JobRequest: jsonSchema(JobRequest, "input"),
        ...Object.fromEntries(JOB_KINDS.map((kind) => [`${kind}_input`, jsonSchema(JOB_INPUT_SCHEMAS[kind], "input")])),
        Job: jsonSchema(JobResource, "output"),
        JobAccepted: jsonSchema(JobAccepted, "output"),
        JobList: jsonSchema(JobList, "output"),
        Error: jsonSchema(ApiError, "output"),
      },
    },
    paths: {
      "/api/v1/jobs": {
        get: {
          operationId: "listJobs",
          summary: "The team's jobs, newest first",
          parameters: [
            { name: "status", in: "query", required: false, schema: { type: "string", enum: [...JOB_STATUSES] } },
            { name: "kind", in: "query", required: false, schema: { type: "string", enum: JOB_KINDS } },
            { name: "before", in: "query", required: false, description: "next_before of the previous page", schema: { type: "string", format: "date-time" } },
            { name: "limit", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 200, default: 50 } },
            team,
          ],
          responses: { 200: { description: "a page of jobs", ...json(ref("JobList")) }, ...errors(400, 401, 403) },
        },
        post: {
          operationId: "createJob",
          summary: "Launch a job; answers at once with its id while it runs in the background",
          parameters: [team],
          requestBody: { required: true, ...json(ref("JobRequest")) },
          responses: { 202: { description: "queued", ...json(ref("JobAccepted")) }, ...errors(400, 401, 403) },
        },
      },
      "/api/v1/jobs/{id}": {
        get: {
          operationId: "getJob",
          summary: "A job's status, progress, result and links (runs, backtests)",
          parameters: [jobId, team],
          responses: { 200: { description: "the job", ...json(ref("Job")) }, ...errors(401, 403, 404) },
        },
      },
      "/api/v1/jobs/{id}/cancel": {
        post: {
          operationId: "cancelJob",
          summary: "Cancel a queued or running job (its tracking run ends KILLED)",
          parameters: [jobId, team],
          responses: { 200: { description: "the cancelled job", ...json(ref("Job")) }, ...errors(401, 403, 404, 409) },
        },
      },
    },
  };
  return cached;
}

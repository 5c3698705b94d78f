import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import type { DatabaseHandle } from "@/db/client";
import { describeWithDatabase } from "@/db/testing/databases";
import { teamRows } from "@/db/testing/team-rows";
import type { Role } from "@/server/auth/rbac";
import { mlflowEndpoints } from "@/server/mlflow/handlers";
import { contentKey, getArtifactBackend, sha256Hex } from "@/server/services/artifacts/store";
import { enqueueJob } from "@/server/services/jobs/enqueue-job";
import { raiseAlert } from "@/server/services/alerts/raise-alert";
import { setAlias } from "@/server/services/registry/aliases";
import { createDeployment } from "@/server/services/serving/create-deployment";
import { setDriftMonitor } from "@/server/services/monitoring/set-drift-monitor";
import { flushPredictionLog } from "@/server/services/serving/prediction-log";
import { fitSpxGbdt, registerFitted, spxW3 } from "@/server/services/serving/testing";
import { createModelVersion, createRegisteredModel } from "@/server/services/registry/models";
import { approveTransition, requestProduction } from "@/server/services/registry/stages";
import { createSchedule } from "@/server/services/schedules/create-schedule";
import { makeUser } from "@/server/services/testing";
import { createToken } from "@/server/services/tokens/create-token";
import { createExperiment } from "@/server/services/tracking/experiments";
import { createRun } from "@/server/services/tracking/runs";
import { MAX_JSON_BODY_BYTES } from "./rest";
import { callRoute, routeMethods, routePatterns } from "./testing/route-modules";
import { leakedSecrets, makeTwoTeams, type TwoTeams } from "./testing/two-teams";

// Route files read the browser session through Auth.js; these calls carry tokens or nothing.
vi.mock("@/server/auth/session", () => ({ currentUser: async () => null }));

/** A request as a test writes it: a path with its query, and a JSON or raw body. */
interface Req {
  method: string;
  path: string;
  query?: Record<string, string | string[]>;
  json?: unknown;
  bytes?: string | Uint8Array;
}
type World = TwoTeams & { tokens: Record<Role, string>; db: Db; served: string };

interface RouteCase {
  /** The weakest role of team A whose token the route serves; "public" needs no token. */
  minimum: Role | "public";
  /** A valid request on team A's objects (fresh ones where a call uses them up). */
  request: (w: World) => Promise<Req> | Req;
  /** What an admin of team B gets for that request: 404, or (lists, and writes that take no id
   * of A) an answer of B's own that mentions nothing of A. */
  outsider: "not found" | "no data";
  /** The body the route reads: JSON (checked for malformed, mistyped and oversized bodies) or raw. */
  body?: "json" | "raw";
}

const rand = () => crypto.randomUUID().slice(0, 8);
const ml = (method: string, endpoint: string, fields: Record<string, unknown> | ((w: World) => Promise<Record<string, unknown>> | Record<string, unknown>)) => {
  return async (w: World): Promise<Req> => {
    const f = typeof fields === "function" ? await fields(w) : fields;
    const path = `/api/2.0/mlflow/${endpoint}`;
    return method === "GET" ? { method, path, query: f as Record<string, string> } : { method, path, json: f };
  };
};

const freshExperiment = async (w: World) => (await createExperiment({ ctx: w.a.ctx.admin, input: { name: `${w.marker}-e-${rand()}` } })).id;
const freshRun = async (w: World) => (await createRun({ ctx: w.a.ctx.admin, input: { experimentId: w.ids.experimentIds[0]! } })).id;
const freshModel = async (w: World) => {
  const name = `${w.marker}-m-${rand()}`;
  await createRegisteredModel({ ctx: w.a.ctx.admin, input: { name } });
  await createModelVersion({ ctx: w.a.ctx.admin, input: { name, source: "s3://models/x" } });
  return name;
};
const freshJob = async (w: World) =>
  (await enqueueJob({ ctx: w.a.ctx.admin, input: { kind: "backtest", input: { target: { datasetId: w.ids.datasetId, allowSynthetic: true }, strategy: { kind: "rsi_threshold" } } } })).id;
const freshSchedule = async (w: World) => (await createSchedule({ ctx: w.a.ctx.admin, input: { model: w.ids.modelName, cron: "0 3 * * *" } })).id;
const freshAlert = async (w: World) => (await raiseAlert({ ctx: w.a.ctx.member, input: { type: "ERROR", severity: "info", title: `${w.marker}-a`, key: rand() } })).alert.id;
/** A model whose v2 is in Production after v1 (so it can roll back). */
const freshRollback = async (w: World) => {
  const name = await freshModel(w);
  await createModelVersion({ ctx: w.a.ctx.admin, input: { name, source: "s3://models/x" } });
  for (const version of [1, 2]) await approveTransition({ ctx: w.a.ctx.admin, input: { requestId: (await requestProduction({ ctx: w.a.ctx.member, input: { name, version } })).id } });
  return name;
};
const freshDeployment = async (w: World) => {
  const name = `${w.marker}-d-${rand()}`;
  await createDeployment({ ctx: w.a.ctx.admin, input: { name, primary: { model: w.ids.modelName, version: 1 } } });
  return name;
};
const freshMonitored = async (w: World) => {
  const name = await freshDeployment(w);
  await setDriftMonitor({ ctx: w.a.ctx.admin, input: { deployment: name, cron: "@hourly" } });
  return name;
};
// A small fitted model for the predict route, and one row of its features.
const spx = spxW3();
const fitted = fitSpxGbdt(spx, { trees: 3 });
const ROW = Object.fromEntries(spx.features.names.map((n, j) => [n, spx.features.columns[j]![spx.bars.close.length - 1]!]));
const artifactPath = (w: World, file: string) => `/api/2.0/mlflow-artifacts/artifacts/${w.ids.experimentIds[1]}/${w.ids.runId}/artifacts/${file}`;
const CSV = "date,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5,100\n2024-01-03,1.5,2,1,1.8,120\n";

/**
 * Every REST route (and every MLflow endpoint behind the catch-all), by method. Adding a route
 * file or an MLflow endpoint without a line here fails the first test. Routes tested elsewhere
 * are listed in ELSEWHERE with where.
 */
const TABLE: Record<string, RouteCase> = {
  "GET /api/health": { minimum: "public", outsider: "no data", request: () => ({ method: "GET", path: "/api/health" }) },
  "GET /api/v1/openapi.json": { minimum: "public", outsider: "no data", request: () => ({ method: "GET", path: "/api/v1/openapi.json" }) },
  "GET /api/v1/team": { minimum: "viewer", outsider: "no data", request: () => ({ method: "GET", path: "/api/v1/team" }) },
  "GET /api/v1/members": { minimum: "viewer", outsider: "no data", request: () => ({ method: "GET", path: "/api/v1/members" }) },
  "POST /api/v1/members": {
    minimum: "admin",
    outsider: "no data",
    body: "json",
    request: async (w) => ({ method: "POST", path: "/api/v1/members", json: { email: (await makeUser(w.db, "rest")).email, role: "viewer" } }),
  },
  "GET /api/v1/datasets": { minimum: "viewer", outsider: "no data", request: () => ({ method: "GET", path: "/api/v1/datasets" }) },
  "POST /api/v1/datasets": {
    minimum: "member",
    outsider: "no data",
    body: "raw",
    request: () => ({ method: "POST", path: "/api/v1/datasets", query: { name: `up-${rand()}`, format: "csv", symbol: "X" }, bytes: CSV }),
  },
  "GET /api/v1/jobs": { minimum: "viewer", outsider: "no data", request: () => ({ method: "GET", path: "/api/v1/jobs" }) },
  "POST /api/v1/jobs": {
    minimum: "member",
    outsider: "not found",
    body: "json",
    request: (w) => ({
      method: "POST",
      path: "/api/v1/jobs",
      json: { kind: "backtest", input: { target: { datasetId: w.ids.datasetId, allowSynthetic: true }, strategy: { kind: "rsi_threshold" } } },
    }),
  },
  "GET /api/v1/jobs/[id]": { minimum: "viewer", outsider: "not found", request: (w) => ({ method: "GET", path: `/api/v1/jobs/${w.ids.jobId}` }) },
  "POST /api/v1/jobs/[id]/cancel": { minimum: "member", outsider: "not found", request: async (w) => ({ method: "POST", path: `/api/v1/jobs/${await freshJob(w)}/cancel` }) },

  "GET /api/v1/models/[name]/schedules": { minimum: "viewer", outsider: "not found", request: (w) => ({ method: "GET", path: `/api/v1/models/${w.ids.modelName}/schedules` }) },
  "POST /api/v1/models/[name]/schedules": {
    minimum: "admin",
    outsider: "not found",
    body: "json",
    request: (w) => ({ method: "POST", path: `/api/v1/models/${w.ids.modelName}/schedules`, json: { cron: "0 3 * * SUN", timeZone: "Europe/London" } }),
  },
  "PATCH /api/v1/schedules/[id]": { minimum: "admin", outsider: "not found", body: "json", request: (w) => ({ method: "PATCH", path: `/api/v1/schedules/${w.ids.scheduleId}`, json: { cron: "0 4 * * *" } }) },
  "DELETE /api/v1/schedules/[id]": { minimum: "admin", outsider: "not found", request: async (w) => ({ method: "DELETE", path: `/api/v1/schedules/${await freshSchedule(w)}` }) },
  "POST /api/v1/schedules/[id]/run": { minimum: "member", outsider: "not found", request: async (w) => ({ method: "POST", path: `/api/v1/schedules/${await freshSchedule(w)}/run` }) },
  "POST /api/v1/models/[name]/rollback": { minimum: "reviewer", outsider: "not found", body: "json", request: async (w) => ({ method: "POST", path: `/api/v1/models/${await freshRollback(w)}/rollback`, json: {} }) },
  "GET /api/v1/alerts": { minimum: "viewer", outsider: "no data", request: () => ({ method: "GET", path: "/api/v1/alerts", query: { status: "open,acknowledged" } }) },
  "POST /api/v1/alerts/[id]/acknowledge": { minimum: "member", outsider: "not found", request: async (w) => ({ method: "POST", path: `/api/v1/alerts/${await freshAlert(w)}/acknowledge` }) },
  "POST /api/v1/alerts/[id]/resolve": { minimum: "member", outsider: "not found", request: async (w) => ({ method: "POST", path: `/api/v1/alerts/${await freshAlert(w)}/resolve` }) },

  "GET /api/v1/deployments": { minimum: "viewer", outsider: "no data", request: () => ({ method: "GET", path: "/api/v1/deployments" }) },
  "POST /api/v1/deployments": {
    minimum: "reviewer",
    outsider: "not found",
    body: "json",
    request: (w) => ({ method: "POST", path: "/api/v1/deployments", json: { name: `d-${rand()}`, primary: { model: w.ids.modelName, version: 1 } } }),
  },
  "GET /api/v1/deployments/[name]": { minimum: "viewer", outsider: "not found", request: (w) => ({ method: "GET", path: `/api/v1/deployments/${w.ids.deploymentName}` }) },
  "PATCH /api/v1/deployments/[name]": {
    minimum: "reviewer",
    outsider: "not found",
    body: "json",
    request: (w) => ({ method: "PATCH", path: `/api/v1/deployments/${w.ids.deploymentName}`, json: { description: "d" } }),
  },
  "DELETE /api/v1/deployments/[name]": { minimum: "admin", outsider: "not found", request: async (w) => ({ method: "DELETE", path: `/api/v1/deployments/${await freshDeployment(w)}` }) },
  "GET /api/v1/deployments/[name]/drift": { minimum: "viewer", outsider: "not found", request: (w) => ({ method: "GET", path: `/api/v1/deployments/${w.ids.deploymentName}/drift`, query: { limit: "5" } }) },
  "POST /api/v1/deployments/[name]/drift": { minimum: "member", outsider: "not found", request: async (w) => ({ method: "POST", path: `/api/v1/deployments/${await freshDeployment(w)}/drift` }) },
  "GET /api/v1/deployments/[name]/drift/monitor": { minimum: "viewer", outsider: "not found", request: (w) => ({ method: "GET", path: `/api/v1/deployments/${w.ids.deploymentName}/drift/monitor` }) },
  "PUT /api/v1/deployments/[name]/drift/monitor": {
    minimum: "reviewer",
    outsider: "not found",
    body: "json",
    request: (w) => ({ method: "PUT", path: `/api/v1/deployments/${w.ids.deploymentName}/drift/monitor`, json: { cron: "0 5 * * *", settings: { current: { source: "log", hours: 6 } } } }),
  },
  "DELETE /api/v1/deployments/[name]/drift/monitor": { minimum: "reviewer", outsider: "not found", request: async (w) => ({ method: "DELETE", path: `/api/v1/deployments/${await freshMonitored(w)}/drift/monitor` }) },
  "GET /api/v1/deployments/[name]/health": { minimum: "viewer", outsider: "not found", request: (w) => ({ method: "GET", path: `/api/v1/deployments/${w.ids.deploymentName}/health`, query: { hours: "6" } }) },
  "POST /api/v1/deployments/[name]/predict": {
    minimum: "viewer",
    outsider: "not found",
    body: "json",
    request: (w) => ({ method: "POST", path: `/api/v1/deployments/${w.served}/predict`, json: { rows: [ROW] } }),
  },

  "GET /api/2.0/mlflow-artifacts/artifacts/[...path]": { minimum: "viewer", outsider: "not found", request: (w) => ({ method: "GET", path: artifactPath(w, "report.json") }) },
  "PUT /api/2.0/mlflow-artifacts/artifacts/[...path]": {
    minimum: "member",
    outsider: "not found",
    body: "raw",
    request: (w) => ({ method: "PUT", path: artifactPath(w, `up-${rand()}.txt`), bytes: "hello" }),
  },

  "POST /api/2.0/mlflow/experiments/create": { minimum: "member", outsider: "no data", body: "json", request: ml("POST", "experiments/create", () => ({ name: `e-${rand()}` })) },
  "GET /api/2.0/mlflow/experiments/get": { minimum: "viewer", outsider: "not found", request: ml("GET", "experiments/get", (w) => ({ experiment_id: String(w.ids.experimentIds[0]) })) },
  "GET /api/2.0/mlflow/experiments/get-by-name": { minimum: "viewer", outsider: "not found", request: ml("GET", "experiments/get-by-name", (w) => ({ experiment_name: `${w.marker}-exp-0` })) },
  "GET /api/2.0/mlflow/experiments/search": { minimum: "viewer", outsider: "no data", request: ml("GET", "experiments/search", {}) },
  "POST /api/2.0/mlflow/experiments/search": { minimum: "viewer", outsider: "no data", body: "json", request: ml("POST", "experiments/search", { max_results: 100 }) },
  "POST /api/2.0/mlflow/experiments/update": {
    minimum: "member",
    outsider: "not found",
    body: "json",
    request: ml("POST", "experiments/update", async (w) => ({ experiment_id: String(await freshExperiment(w)), new_name: `${w.marker}-r-${rand()}` })),
  },
  "POST /api/2.0/mlflow/experiments/delete": {
    minimum: "admin",
    outsider: "not found",
    body: "json",
    request: ml("POST", "experiments/delete", async (w) => ({ experiment_id: String(await freshExperiment(w)) })),
  },
  "POST /api/2.0/mlflow/experiments/restore": {
    minimum: "admin",
    outsider: "not found",
    body: "json",
    request: ml("POST", "experiments/restore", async (w) => ({ experiment_id: String(await freshExperiment(w)) })),
  },
  "POST /api/2.0/mlflow/runs/create": { minimum: "member", outsider: "not found", body: "json", request: ml("POST", "runs/create", (w) => ({ experiment_id: String(w.ids.experimentIds[0]) })) },
  "GET /api/2.0/mlflow/runs/get": { minimum: "viewer", outsider: "not found", request: ml("GET", "runs/get", (w) => ({ run_id: w.ids.runId })) },
  "POST /api/2.0/mlflow/runs/update": { minimum: "member", outsider: "not found", body: "json", request: ml("POST", "runs/update", async (w) => ({ run_id: await freshRun(w), status: "FINISHED" })) },
  "POST /api/2.0/mlflow/runs/delete": { minimum: "admin", outsider: "not found", body: "json", request: ml("POST", "runs/delete", async (w) => ({ run_id: await freshRun(w) })) },
  "POST /api/2.0/mlflow/runs/restore": { minimum: "admin", outsider: "not found", body: "json", request: ml("POST", "runs/restore", async (w) => ({ run_id: await freshRun(w) })) },
  "POST /api/2.0/mlflow/runs/search": { minimum: "viewer", outsider: "no data", body: "json", request: ml("POST", "runs/search", (w) => ({ experiment_ids: w.ids.experimentIds.map(String) })) },
  "POST /api/2.0/mlflow/runs/log-metric": {
    minimum: "member",
    outsider: "not found",
    body: "json",
    request: ml("POST", "runs/log-metric", (w) => ({ run_id: w.ids.runId, key: "loss", value: 1, timestamp: 1 })),
  },
  "POST /api/2.0/mlflow/runs/log-parameter": {
    minimum: "member",
    outsider: "not found",
    body: "json",
    request: ml("POST", "runs/log-parameter", (w) => ({ run_id: w.ids.runId, key: `p-${rand()}`, value: "1" })),
  },
  "POST /api/2.0/mlflow/runs/set-tag": { minimum: "member", outsider: "not found", body: "json", request: ml("POST", "runs/set-tag", (w) => ({ run_id: w.ids.runId, key: "note", value: "x" })) },
  "POST /api/2.0/mlflow/runs/log-batch": {
    minimum: "member",
    outsider: "not found",
    body: "json",
    request: ml("POST", "runs/log-batch", (w) => ({ run_id: w.ids.runId, metrics: [{ key: "rmse", value: 0.4, timestamp: 2, step: 1 }] })),
  },
  "POST /api/2.0/mlflow/runs/log-inputs": {
    minimum: "member",
    outsider: "not found",
    body: "json",
    request: ml("POST", "runs/log-inputs", (w) => ({ run_id: w.ids.runId, datasets: [{ dataset: { name: "d", digest: "1", source_type: "foldline", source: "x" } }] })),
  },
  "GET /api/2.0/mlflow/artifacts/list": { minimum: "viewer", outsider: "not found", request: ml("GET", "artifacts/list", (w) => ({ run_id: w.ids.runId })) },
  "GET /api/2.0/mlflow/metrics/get-history": { minimum: "viewer", outsider: "not found", request: ml("GET", "metrics/get-history", (w) => ({ run_id: w.ids.runId, metric_key: "rmse" })) },

  "POST /api/2.0/mlflow/registered-models/create": { minimum: "member", outsider: "no data", body: "json", request: ml("POST", "registered-models/create", () => ({ name: `m-${rand()}` })) },
  "GET /api/2.0/mlflow/registered-models/get": { minimum: "viewer", outsider: "not found", request: ml("GET", "registered-models/get", (w) => ({ name: w.ids.modelName })) },
  "GET /api/2.0/mlflow/registered-models/search": {
    minimum: "viewer",
    outsider: "no data",
    request: ml("GET", "registered-models/search", (w) => ({ filter: `name LIKE '${w.marker}%'` })),
  },
  "POST /api/2.0/mlflow/registered-models/rename": {
    minimum: "member",
    outsider: "not found",
    body: "json",
    request: ml("POST", "registered-models/rename", async (w) => ({ name: await freshModel(w), new_name: `${w.marker}-n-${rand()}` })),
  },
  "PATCH /api/2.0/mlflow/registered-models/update": {
    minimum: "member",
    outsider: "not found",
    body: "json",
    request: ml("PATCH", "registered-models/update", (w) => ({ name: w.ids.modelName, description: "d" })),
  },
  "DELETE /api/2.0/mlflow/registered-models/delete": {
    minimum: "admin",
    outsider: "not found",
    body: "json",
    request: ml("DELETE", "registered-models/delete", async (w) => ({ name: await freshModel(w) })),
  },
  "POST /api/2.0/mlflow/registered-models/alias": {
    minimum: "member",
    outsider: "not found",
    body: "json",
    request: ml("POST", "registered-models/alias", (w) => ({ name: w.ids.modelName, alias: "champion", version: "1" })),
  },
  "DELETE /api/2.0/mlflow/registered-models/alias": {
    minimum: "member",
    outsider: "not found",
    body: "json",
    request: ml("DELETE", "registered-models/alias", async (w) => {
      const name = await freshModel(w);
      await setAlias({ ctx: w.a.ctx.admin, input: { name, alias: "gone", version: 1 } });
      return { name, alias: "gone" };
    }),
  },
  "GET /api/2.0/mlflow/registered-models/alias": {
    minimum: "viewer",
    outsider: "not found",
    request: ml("GET", "registered-models/alias", (w) => ({ name: w.ids.modelName, alias: "champion" })),
  },
  "POST /api/2.0/mlflow/model-versions/create": {
    minimum: "member",
    outsider: "not found",
    body: "json",
    request: ml("POST", "model-versions/create", (w) => ({ name: w.ids.modelName, source: "s3://models/y" })),
  },
  "PATCH /api/2.0/mlflow/model-versions/update": {
    minimum: "member",
    outsider: "not found",
    body: "json",
    request: ml("PATCH", "model-versions/update", (w) => ({ name: w.ids.modelName, version: "1", description: "d" })),
  },
  "GET /api/2.0/mlflow/model-versions/get": { minimum: "viewer", outsider: "not found", request: ml("GET", "model-versions/get", (w) => ({ name: w.ids.modelName, version: "1" })) },
  "GET /api/2.0/mlflow/model-versions/search": {
    minimum: "viewer",
    outsider: "not found",
    request: ml("GET", "model-versions/search", (w) => ({ filter: `name='${w.ids.modelName}'` })),
  },
  "POST /api/2.0/mlflow/model-versions/transition-stage": {
    minimum: "member",
    outsider: "not found",
    body: "json",
    request: ml("POST", "model-versions/transition-stage", async (w) => ({ name: await freshModel(w), version: "1", stage: "Staging" })),
  },
};

/** Routes whose every call is tested elsewhere. */
const ELSEWHERE: Record<string, string> = {
  "/api/auth/[...nextauth]": "Auth.js's own handlers (sign-in, CSRF token); server/auth/*.test.ts",
  "/api/trpc/[trpc]": "every procedure: tenant-isolation.test.ts and rbac.test.ts",
  "/api/inngest": "Inngest's serve handler: outside dev mode the SDK answers only requests signed with INNGEST_SIGNING_KEY (workers/inngest)",
};
const MLFLOW_CATCH_ALL = "/api/2.0/mlflow/[...path]";

const RANK: Record<Role, number> = { viewer: 0, member: 1, reviewer: 2, admin: 3 };

function toRequest(r: Req, token: string | null, override: { body?: BodyInit; headers?: Record<string, string> } = {}): Request {
  const url = new URL(`http://test${r.path}`);
  for (const [k, v] of Object.entries(r.query ?? {})) for (const x of [v].flat()) url.searchParams.append(k, x);
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (r.json !== undefined) headers["content-type"] = "application/json";
  const body = override.body ?? (r.json !== undefined ? JSON.stringify(r.json) : r.bytes);
  return new Request(url, { method: r.method, headers: { ...headers, ...override.headers }, body, duplex: "half" } as RequestInit);
}

const isMlflow = (key: string) => key.includes(" /api/2.0/");
/** The error body's code: MLflow's `error_code`, or the REST `error.code`. */
const errorCode = (body: { error_code?: string; error?: { code?: string } }) => body.error_code ?? body.error?.code;

it("the table covers every REST route and MLflow endpoint, by method", async () => {
  const keys: string[] = [];
  for (const pattern of routePatterns()) {
    if (ELSEWHERE[pattern]) continue;
    if (pattern === MLFLOW_CATCH_ALL) keys.push(...mlflowEndpoints().map((e) => `${e.method} /api/2.0/mlflow/${e.endpoint}`));
    else for (const m of await routeMethods(pattern)) keys.push(`${m} ${pattern}`);
  }
  expect(keys.sort()).toEqual(Object.keys(TABLE).sort());
});

describeWithDatabase("REST routes", (database) => {
  let w: World;
  beforeAll(async () => {
    const handle: DatabaseHandle = database();
    // The route files open the process's database through getDatabase(): make it this one.
    (globalThis as { foldlineDatabase?: Promise<DatabaseHandle> }).foldlineDatabase = Promise.resolve(handle);
    const world = await makeTwoTeams(handle.db);
    const tokens = {} as Record<Role, string>;
    for (const role of ["viewer", "member", "reviewer", "admin"] as const) tokens[role] = (await createToken({ ctx: world.a.ctx[role], input: { name: role } })).token;
    await setAlias({ ctx: world.a.ctx.admin, input: { name: world.ids.modelName, alias: "champion", version: 1 } });
    const served = `${world.marker}-served`;
    await registerFitted(world.a.ctx.member, served, fitted);
    await createDeployment({ ctx: world.a.ctx.admin, input: { name: served, primary: { model: served, version: 1 } } });
    w = { ...world, tokens, db: handle.db, served };
  });

  describe("as each role of the team, as nobody, and as team B's admin with A's ids", () => {
    it.each(Object.keys(TABLE))("%s", async (key) => {
      const entry = TABLE[key]!;
      for (const role of ["viewer", "member", "reviewer", "admin"] as const) {
        const res = await callRoute(toRequest(await entry.request(w), w.tokens[role]));
        const allowed = entry.minimum === "public" || RANK[role] >= RANK[entry.minimum];
        const text = await res.text(); // a 204 has no body
        const body = text ? JSON.parse(text) : {};
        expect(`${role}: ${res.status} ${allowed ? "" : errorCode(body)}`).toBe(`${role}: ${allowed ? (res.status < 300 ? res.status : "a 2xx") : 403} ${allowed ? "" : isMlflow(key) ? "PERMISSION_DENIED" : "FORBIDDEN"}`);
      }

      const asNobody = await entry.request(w);
      await flushPredictionLog(); // predictions are logged after the answer: not while A's rows are compared
      const before = await teamRows(w.db, w.ids.teamId);
      const anonymous = await callRoute(toRequest(asNobody, null));
      if (entry.minimum !== "public") {
        expect([anonymous.status, errorCode(await anonymous.json())]).toEqual([401, isMlflow(key) ? "UNAUTHENTICATED" : "UNAUTHORIZED"]);
      } else expect(leakedSecrets(w, await anonymous.text())).toEqual([]);

      const outsider = await callRoute(toRequest(asNobody, w.bToken));
      const text = await outsider.text();
      if (entry.outsider === "not found") {
        expect([outsider.status, errorCode(JSON.parse(text))]).toEqual([404, isMlflow(key) ? "RESOURCE_DOES_NOT_EXIST" : "NOT_FOUND"]);
      } else {
        expect(outsider.status).toBeLessThan(300);
        expect(leakedSecrets(w, text)).toEqual([]);
      }
      expect(await teamRows(w.db, w.ids.teamId)).toEqual(before);
    });
  });

  const jsonRoutes = Object.keys(TABLE).filter((k) => TABLE[k]!.body === "json");
  describe("bad JSON bodies: refused with the route's error body, nothing stored", () => {
    it.each(jsonRoutes)("%s", async (key) => {
      const entry = TABLE[key]!;
      const r = await entry.request(w);
      const mlflow = isMlflow(key);
      await flushPredictionLog();
      const cases: [string, Request, number, string, RegExp][] = [
        ["malformed", toRequest(r, w.tokens.admin, { body: '{"name": ' }), 400, mlflow ? "INVALID_PARAMETER_VALUE" : "BAD_REQUEST", /body is not valid JSON/],
        ["not UTF-8", toRequest(r, w.tokens.admin, { body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }), 400, mlflow ? "INVALID_PARAMETER_VALUE" : "BAD_REQUEST", /body is not UTF-8 text/],
        [
          "text/plain",
          toRequest(r, w.tokens.admin, { headers: { "content-type": "text/plain;charset=UTF-8" } }),
          mlflow ? 400 : 415,
          mlflow ? "INVALID_PARAMETER_VALUE" : "UNSUPPORTED_MEDIA_TYPE",
          /Content-Type: application\/json \(got text\/plain;charset=UTF-8\)/,
        ],
        [
          "form-encoded",
          toRequest(r, w.tokens.admin, { body: "name=x", headers: { "content-type": "application/x-www-form-urlencoded" } }),
          mlflow ? 400 : 415,
          mlflow ? "INVALID_PARAMETER_VALUE" : "UNSUPPORTED_MEDIA_TYPE",
          /Content-Type: application\/json/,
        ],
        [
          "declared over the limit",
          toRequest(r, w.tokens.admin, { headers: { "content-length": String(MAX_JSON_BODY_BYTES + 1) } }),
          413,
          mlflow ? "INVALID_PARAMETER_VALUE" : "PAYLOAD_TOO_LARGE",
          /body larger than 10 MB/,
        ],
      ];
      const before = await teamRows(w.db, w.ids.teamId);
      for (const [what, req, status, code, message] of cases) {
        const res = await callRoute(req);
        const body = await res.json();
        expect([what, res.status, errorCode(body)]).toEqual([what, status, code]);
        expect(body.message ?? body.error.message).toMatch(message);
      }
      expect(await teamRows(w.db, w.ids.teamId)).toEqual(before);
    });

    it("a body streamed past 10 MB without a Content-Length is cut off with a 413, on REST and MLflow routes", async () => {
      const before = await teamRows(w.db, w.ids.teamId);
      for (const key of ["POST /api/v1/jobs", "POST /api/2.0/mlflow/runs/log-batch"]) {
        const chunk = new Uint8Array(1024 * 1024).fill(0x20);
        let sent = 0;
        const stream = new ReadableStream<Uint8Array>({
          pull(c) {
            if (sent > MAX_JSON_BODY_BYTES + chunk.byteLength) return c.close();
            sent += chunk.byteLength;
            c.enqueue(chunk);
          },
        });
        const res = await callRoute(toRequest(await TABLE[key]!.request(w), w.tokens.admin, { body: stream }));
        expect([key, res.status]).toEqual([key, 413]);
        // The reader stopped at the first chunk past the limit, not at the end of the stream.
        expect(sent).toBeLessThanOrEqual(MAX_JSON_BODY_BYTES + 2 * chunk.byteLength);
      }
      expect(await teamRows(w.db, w.ids.teamId)).toEqual(before);
    });

    it("a body that is JSON but not an object is a 400 naming the problem", async () => {
      for (const body of ["[1,2]", '"text"', "null", "42"]) {
        const mlflow = await callRoute(toRequest(await TABLE["POST /api/2.0/mlflow/runs/log-batch"]!.request(w), w.tokens.admin, { body }));
        expect([body, mlflow.status, await mlflow.json()]).toEqual([body, 400, { error_code: "MALFORMED_REQUEST", message: "the body must be a JSON object" }]);
        const rest = await callRoute(toRequest(await TABLE["POST /api/v1/jobs"]!.request(w), w.tokens.admin, { body }));
        expect([body, rest.status, errorCode(await rest.json())]).toEqual([body, 400, "BAD_REQUEST"]);
      }
    });

    it("an unknown MLflow endpoint or method is ENDPOINT_NOT_FOUND", async () => {
      const res = await callRoute(toRequest({ method: "POST", path: "/api/2.0/mlflow/runs/nope", json: {} }, w.tokens.admin));
      expect([res.status, errorCode(await res.json())]).toEqual([404, "ENDPOINT_NOT_FOUND"]);
      const wrong = await callRoute(toRequest({ method: "DELETE", path: "/api/2.0/mlflow/runs/get", json: {} }, w.tokens.admin));
      expect([wrong.status, errorCode(await wrong.json())]).toEqual([404, "ENDPOINT_NOT_FOUND"]);
    });
  });

  describe("raw uploads over their limit are refused before they are read", () => {
    it.each([
      ["POST /api/v1/datasets", 200 * 1024 * 1024, "file larger than 200 MB", "PAYLOAD_TOO_LARGE"],
      ["PUT /api/2.0/mlflow-artifacts/artifacts/[...path]", 512 * 1024 * 1024, "file larger than 512 MB", "INVALID_PARAMETER_VALUE"],
    ] as const)("%s", async (key, limit, message, code) => {
      const before = await teamRows(w.db, w.ids.teamId);
      const res = await callRoute(toRequest(await TABLE[key]!.request(w), w.tokens.admin, { headers: { "content-length": String(limit + 1) } }));
      const body = await res.json();
      expect([res.status, errorCode(body), body.message ?? body.error.message]).toEqual([413, code, message]);
      expect(await teamRows(w.db, w.ids.teamId)).toEqual(before);
    });
  });

  describe("artifact paths that are not plain relative paths: 400, nothing stored", () => {
    // As the client writes them after `<experiment>/<run>/artifacts/`: the URL parser resolves `..`
    // and `%2e%2e` segments and turns a raw `\` into `/` (as the server's does), and the route
    // decodes each segment (`%2F` stays inside its segment).
    const ATTACKS = [
      "../secrets",
      "a/../../../secrets",
      "%2e%2e/secrets",
      "%2e%2e%2fsecrets",
      "..%2f..%2fsecrets",
      "a%2Fb",
      "%2Fetc%2Fpasswd",
      "/etc/passwd",
      "..%5Csecrets",
      "a%5Cb",
      "C:%5Cwindows",
      "a%00b",
      ".env",
      "a/./b/",
      `${"x".repeat(201)}`,
    ];
    it.each(ATTACKS)("%s", async (attack) => {
      const backend = getArtifactBackend();
      const before = await teamRows(w.db, w.ids.teamId);
      const bytes = `payload for ${attack} ${rand()}`;
      const url = `http://test/api/2.0/mlflow-artifacts/artifacts/${w.ids.experimentIds[1]}/${w.ids.runId}/artifacts/${attack}`;
      const put = await callRoute(new Request(url, { method: "PUT", headers: { authorization: `Bearer ${w.tokens.admin}` }, body: bytes }));
      expect([put.status, await put.json()]).toEqual([400, { error_code: "INVALID_PARAMETER_VALUE", message: expect.stringMatching(/invalid artifact path|expected <experiment_id>\/<run_id>\/artifacts\/<path>/) }]);
      const get = await callRoute(new Request(url, { headers: { authorization: `Bearer ${w.tokens.admin}` } }));
      expect(get.status).toBe(400);
      expect(await backend.exists(contentKey(sha256Hex(new TextEncoder().encode(bytes))))).toBe(false);
      expect(await teamRows(w.db, w.ids.teamId)).toEqual(before);
    });

    it("listing refuses the same paths", async () => {
      for (const path of ["../x", "/etc", "a\\b", "a/../b", "%2e%2e"]) {
        const res = await callRoute(toRequest({ method: "GET", path: "/api/2.0/mlflow/artifacts/list", query: { run_id: w.ids.runId, path } }, w.tokens.admin));
        expect([path, res.status, errorCode(await res.json())]).toEqual([path, 400, "INVALID_PARAMETER_VALUE"]);
      }
    });
  });
});

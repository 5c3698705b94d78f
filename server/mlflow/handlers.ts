/**
 * MLflow REST (`/api/2.0/mlflow/<path>`) onto Foldline's tracking services. Each handler takes
 * the caller's team context and the request's fields (JSON body, or the query for GETs) and
 * returns the response body MLflow's REST documentation specifies.
 */
import { z } from "zod";
import type { TeamCtx } from "@/server/services/context";
import { ServiceError } from "@/server/services/errors";
import {
  createExperiment,
  getExperiment,
  getExperimentByName,
  renameExperiment,
  searchExperiments,
  setExperimentLifecycle,
} from "@/server/services/tracking/experiments";
import { listRunArtifacts } from "@/server/services/tracking/artifacts";
import { getMetricHistory, logBatch } from "@/server/services/tracking/log-batch";
import { logInputs } from "@/server/services/tracking/log-inputs";
import { createRun, getRun, setRunLifecycle, updateRun } from "@/server/services/tracking/runs";
import { searchRuns } from "@/server/services/tracking/search-runs";
import { experimentEntity, metricValue, runEntity, runInfoEntity } from "./entities";
import { REGISTRY_ROUTES } from "./registry-handlers";

type Fields = Record<string, unknown>;
export type Handler = (ctx: TeamCtx, f: Fields) => Promise<unknown>;
export type Method = "GET" | "POST" | "PATCH" | "DELETE";

const runIdOf = (f: Fields) => f.run_id ?? f.run_uuid;
const str = (v: unknown, field: string) => {
  if (typeof v !== "string" || !v) throw new ServiceError("BAD_REQUEST", `Missing value for required parameter '${field}'`, field);
  return v;
};
const int = (v: unknown, fallback: number) => (v === undefined || v === null || v === "" ? fallback : Number(v));
const list = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Offset page tokens, as search-runs issues them. */
const offsetToken = (offset: number | null) => (offset === null ? undefined : Buffer.from(String(offset)).toString("base64url"));
const offsetOf = (token: unknown) => {
  if (!token) return 0;
  const n = Number(Buffer.from(String(token), "base64url").toString("utf8"));
  if (!Number.isInteger(n) || n < 0) throw new ServiceError("BAD_REQUEST", "invalid page_token", "page_token");
  return n;
};

/** experiments/search filters: `name LIKE '...'`, `name ILIKE '...'` or `name = '...'`. */
function experimentNameFilter(filter: unknown): string | undefined {
  if (!filter) return undefined;
  const m = String(filter).match(/^\s*(?:attributes\.)?name\s+(=|LIKE|ILIKE)\s+'((?:[^'\\]|\\.)*)'\s*$/i);
  if (!m) throw new ServiceError("BAD_REQUEST", `unsupported experiment filter "${filter}" (use name LIKE '...')`, "filter");
  return m[1] === "=" ? m[2]!.replace(/[%_]/g, "\\$&") : m[2]!;
}

const VIEW_TYPE = z.enum(["ACTIVE_ONLY", "DELETED_ONLY", "ALL"]).catch("ACTIVE_ONLY");

const HANDLERS: Record<string, Handler> = {
  "experiments/create": async (ctx, f) => {
    const exp = await createExperiment({ ctx, input: { name: str(f.name, "name"), tags: list(f.tags) as never } });
    return { experiment_id: String(exp.id) };
  },
  "experiments/get": async (ctx, f) => ({ experiment: experimentEntity(await getExperiment({ ctx, input: { experimentId: str(f.experiment_id, "experiment_id") } })) }),
  "experiments/get-by-name": async (ctx, f) => ({
    experiment: experimentEntity(await getExperimentByName({ ctx, input: { name: str(f.experiment_name, "experiment_name") } })),
  }),
  "experiments/search": async (ctx, f) => {
    const offset = offsetOf(f.page_token);
    const res = await searchExperiments({
      ctx,
      input: { nameLike: experimentNameFilter(f.filter), viewType: VIEW_TYPE.parse(f.view_type), maxResults: int(f.max_results, 1000), offset },
    });
    return { experiments: res.items.map(experimentEntity), ...(res.nextOffset !== null ? { next_page_token: offsetToken(res.nextOffset) } : {}) };
  },
  "experiments/update": async (ctx, f) => {
    await renameExperiment({ ctx, input: { experimentId: str(f.experiment_id, "experiment_id"), newName: str(f.new_name, "new_name") } });
    return {};
  },
  "experiments/delete": async (ctx, f) => {
    await setExperimentLifecycle({ ctx, input: { experimentId: str(f.experiment_id, "experiment_id"), stage: "deleted" } });
    return {};
  },
  "experiments/restore": async (ctx, f) => {
    await setExperimentLifecycle({ ctx, input: { experimentId: str(f.experiment_id, "experiment_id"), stage: "active" } });
    return {};
  },
  "runs/create": async (ctx, f) => {
    const run = await createRun({
      ctx,
      input: { experimentId: str(f.experiment_id, "experiment_id") as never, runName: f.run_name as string | undefined, startTime: f.start_time as number | undefined, tags: list(f.tags) as never },
    });
    return { run: runEntity(await getRun({ ctx, input: { runId: run.id } })) };
  },
  "runs/get": async (ctx, f) => ({ run: runEntity(await getRun({ ctx, input: { runId: str(runIdOf(f), "run_id") } })) }),
  "runs/update": async (ctx, f) => {
    const run = await updateRun({
      ctx,
      input: { runId: str(runIdOf(f), "run_id"), status: f.status as never, endTime: f.end_time as number | undefined, runName: f.run_name as string | undefined },
    });
    return { run_info: runInfoEntity(run) };
  },
  "runs/delete": async (ctx, f) => {
    await setRunLifecycle({ ctx, input: { runId: str(runIdOf(f), "run_id"), stage: "deleted" } });
    return {};
  },
  "runs/restore": async (ctx, f) => {
    await setRunLifecycle({ ctx, input: { runId: str(runIdOf(f), "run_id"), stage: "active" } });
    return {};
  },
  "runs/search": async (ctx, f) => {
    const res = await searchRuns({
      ctx,
      input: {
        experimentIds: list(f.experiment_ids) as never,
        filter: f.filter as string | undefined,
        runViewType: VIEW_TYPE.parse(f.run_view_type),
        maxResults: int(f.max_results, 1000),
        orderBy: list(f.order_by) as string[],
        pageToken: (f.page_token as string | undefined) || undefined,
      },
    });
    return { runs: res.items.map(runEntity), ...(res.nextPageToken ? { next_page_token: res.nextPageToken } : {}) };
  },
  "runs/log-metric": async (ctx, f) => {
    await logBatch({ ctx, input: { runId: str(runIdOf(f), "run_id"), metrics: [{ key: f.key, value: f.value, timestamp: f.timestamp, step: f.step ?? 0 }] as never } });
    return {};
  },
  "runs/log-parameter": async (ctx, f) => {
    await logBatch({ ctx, input: { runId: str(runIdOf(f), "run_id"), params: [{ key: f.key, value: f.value }] as never } });
    return {};
  },
  "runs/set-tag": async (ctx, f) => {
    await logBatch({ ctx, input: { runId: str(runIdOf(f), "run_id"), tags: [{ key: f.key, value: f.value }] as never } });
    return {};
  },
  "runs/log-batch": async (ctx, f) => {
    await logBatch({ ctx, input: { runId: str(runIdOf(f), "run_id"), metrics: list(f.metrics) as never, params: list(f.params) as never, tags: list(f.tags) as never } });
    return {};
  },
  "runs/log-inputs": async (ctx, f) => {
    await logInputs({ ctx, input: { runId: str(runIdOf(f), "run_id"), datasets: list(f.datasets) as never } });
    return {};
  },
  "artifacts/list": async (ctx, f) => {
    const runId = str(runIdOf(f), "run_id");
    const run = await getRun({ ctx, input: { runId } });
    const files = await listRunArtifacts({ ctx, input: { runId, path: (f.path as string | undefined) || undefined } });
    return {
      root_uri: runInfoEntity(run.run).artifact_uri,
      files: files.map((e) => ({ path: e.path, is_dir: e.isDir, ...(e.size !== undefined ? { file_size: e.size } : {}) })),
    };
  },
  "metrics/get-history": async (ctx, f) => {
    const points = await getMetricHistory({ ctx, input: { runId: str(runIdOf(f), "run_id"), key: str(f.metric_key, "metric_key") } });
    return { metrics: points.map((p) => ({ key: p.key, value: metricValue(p.value, p.isNan), timestamp: p.timestamp, step: p.step })) };
  },
};

/** The HTTP methods of each tracking endpoint, as MLflow's server routes them (POST when not
 * listed); GET takes its fields from the query, the others from the JSON body. */
const ENDPOINT_METHODS: Record<string, readonly Method[]> = {
  "experiments/get": ["GET"],
  "experiments/get-by-name": ["GET"],
  "experiments/search": ["GET", "POST"],
  "runs/get": ["GET"],
  "metrics/get-history": ["GET"],
  "artifacts/list": ["GET"],
};

/** The handler of `method` on `endpoint`, tracking or registry, or undefined. */
export function routeFor(endpoint: string, method: Method): Handler | undefined {
  const registry = REGISTRY_ROUTES[endpoint];
  if (registry) return registry[method];
  const handler = HANDLERS[endpoint];
  return handler && (ENDPOINT_METHODS[endpoint] ?? ["POST"]).includes(method) ? handler : undefined;
}

/** Every endpoint and method the MLflow route answers, tracking then registry (for tests that
 * must cover them all). */
export function mlflowEndpoints(): { endpoint: string; method: Method }[] {
  const tracking = Object.keys(HANDLERS).flatMap((endpoint) => (ENDPOINT_METHODS[endpoint] ?? ["POST"]).map((method) => ({ endpoint, method })));
  const registry = Object.entries(REGISTRY_ROUTES).flatMap(([endpoint, methods]) => Object.keys(methods).map((method) => ({ endpoint, method: method as Method })));
  return [...tracking, ...registry];
}

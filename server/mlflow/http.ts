import type { Db } from "@/db";
import { readJson, resolveCaller } from "@/server/api/rest";
import { mlflowError, mlflowErrorResponse } from "./errors";
import { type Method, routeFor } from "./handlers";

/** Query fields; repeated keys (experiment_ids, order_by) become lists. */
function queryFields(url: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URL(url).searchParams) {
    const cur = out[k];
    out[k] = cur === undefined ? v : Array.isArray(cur) ? [...cur, v] : [cur, v];
  }
  return out;
}

/** Answers `/api/2.0/mlflow/<endpoint>`: bearer-token auth, fields from the query (GET) or the
 * JSON body (POST), MLflow's response and error bodies. */
export function createMlflowHandler(database: () => Promise<{ db: Db }>) {
  return async (req: Request, endpoint: string, method: Method): Promise<Response> => {
    const handler = routeFor(endpoint, method);
    if (!handler) {
      return mlflowError("ENDPOINT_NOT_FOUND", `no ${method} endpoint /api/2.0/mlflow/${endpoint}`, 404);
    }
    try {
      const { db } = await database();
      const ctx = await resolveCaller(db, req);
      const fields = method === "GET" ? queryFields(req.url) : await readJson(req);
      if (!fields || typeof fields !== "object" || Array.isArray(fields)) return mlflowError("MALFORMED_REQUEST", "the body must be a JSON object", 400);
      return Response.json(await handler(ctx, fields as Record<string, unknown>));
    } catch (err) {
      return mlflowErrorResponse(err);
    }
  };
}

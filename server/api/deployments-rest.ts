/**
 * The deployments REST resource (`/api/v1/deployments`) and the predict endpoint
 * (`POST /api/v1/deployments/{name}/predict`): each handler one service call behind token (or
 * session) auth, team-scoped, with the resource in snake_case like the rest of /api/v1.
 */
import { type Db, getDatabase } from "@/db";
import { bearerToken } from "@/server/auth/api-tokens";
import { requirePermission } from "@/server/services/context";
import { ServiceError } from "@/server/services/errors";
import { createDeployment } from "@/server/services/serving/create-deployment";
import { deleteDeployment } from "@/server/services/serving/delete-deployment";
import { getDeployment } from "@/server/services/serving/get-deployment";
import { listDeployments } from "@/server/services/serving/list-deployments";
import { predict } from "@/server/services/serving/predict";
import { updateDeployment } from "@/server/services/serving/update-deployment";
import type { DeploymentView } from "@/server/services/serving/view";
import { authenticateTokenCached } from "@/server/services/tokens/authenticate-token-cached";
import { errorResponse, limitTokenUse, readJson, resolveCaller, type SessionLookup, withTokenAuth } from "./rest";

export function deploymentResource(d: DeploymentView) {
  return {
    id: d.id,
    name: d.name,
    description: d.description,
    mode: d.mode,
    status: d.status,
    challenger_weight: d.challengerWeight,
    log_sample_rate: d.logSampleRate,
    primary: d.primary,
    secondary: d.secondary,
    interval: d.interval,
    created_at: d.createdAt.toISOString(),
    updated_at: d.updatedAt.toISOString(),
    links: { self: `/api/v1/deployments/${encodeURIComponent(d.name)}`, predict: `/api/v1/deployments/${encodeURIComponent(d.name)}/predict` },
  };
}

/** The body's snake_case keys that the services spell in camelCase. */
const CAMEL: Record<string, string> = { challenger_weight: "challengerWeight", log_sample_rate: "logSampleRate", new_name: "newName" };
const SNAKE = Object.fromEntries(Object.entries(CAMEL).map(([s, c]) => [c, s]));

function camelBody(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new ServiceError("BAD_REQUEST", "the body must be a JSON object");
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [CAMEL[k] ?? k, v]));
}

/** Service errors name fields as the body spells them. */
async function inBodyTerms<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ServiceError && err.field && SNAKE[err.field.split(".")[0]!]) {
      const [head, ...rest] = err.field.split(".");
      throw new ServiceError(err.code, err.message, [SNAKE[head!], ...rest].join("."), err.details);
    }
    throw err;
  }
}

type Database = () => Promise<{ db: Db }>;

/** The handlers of the deployments routes (the route files bind them; tests call them directly). */
export function deploymentsHandlers({ database = getDatabase, session }: { database?: Database; session?: SessionLookup } = {}) {
  return {
    /** GET /api/v1/deployments */
    list: withTokenAuth("deployment:read", async (ctx) => ({ deployments: (await listDeployments({ ctx })).map(deploymentResource) }), database, session),
    /** POST /api/v1/deployments → 201 */
    create: withTokenAuth(
      "deployment:write",
      async (ctx, req) => {
        const created = await inBodyTerms(async () => createDeployment({ ctx, input: camelBody(await readJson(req)) as never }));
        const body = deploymentResource(created);
        return Response.json(body, { status: 201, headers: { location: body.links.self } });
      },
      database,
      session,
    ),
    /** GET /api/v1/deployments/{name}: the resource and its latest changes. */
    get: (name: string) =>
      withTokenAuth(
        "deployment:read",
        async (ctx) => {
          const { deployment, events } = await getDeployment({ ctx, input: { name } });
          return { ...deploymentResource(deployment), events: events.map((e) => ({ kind: e.kind, at: e.at.toISOString(), actor: e.actor, before: e.before, after: e.after })) };
        },
        database,
        session,
      ),
    /** PATCH /api/v1/deployments/{name}: retarget, change mode, weight, sampling or status, rename. */
    update: (name: string) =>
      withTokenAuth(
        "deployment:write",
        async (ctx, req) => deploymentResource(await inBodyTerms(async () => updateDeployment({ ctx, input: { ...camelBody(await readJson(req)), name } as never }))),
        database,
        session,
      ),
    /** DELETE /api/v1/deployments/{name} → 204 */
    remove: (name: string) =>
      withTokenAuth(
        "deployment:delete",
        async (ctx) => {
          await deleteDeployment({ ctx, input: { name } });
          return new Response(null, { status: 204 });
        },
        database,
        session,
      ),
    /**
     * POST /api/v1/deployments/{name}/predict with `{ rows }` or `{ bars }`. The hot path: a
     * token's authentication is reused for a second (authenticate-token-cached.ts), as the
     * deployment's resolution and loaded model are, so a request costs no database round trip.
     */
    predict: (name: string) => async (req: Request) => {
      try {
        const { db } = await database();
        const token = bearerToken(req.headers.get("authorization"));
        const ctx = token ? limitTokenUse(await authenticateTokenCached(db, token)) : await resolveCaller(db, req, session);
        requirePermission(ctx, "deployment:predict");
        return Response.json(await predict({ ctx, input: { name, request: await readJson(req) } }));
      } catch (err) {
        return errorResponse(err);
      }
    },
  };
}

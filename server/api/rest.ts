/**
 * The REST adapter for route handlers that outside programs call: bearer-token auth into a
 * team context, JSON body parsing, and the one mapping of errors to HTTP statuses.
 */
import { z, ZodError } from "zod";
import { type Db, getDatabase } from "@/db";
import { readBody } from "./body";
import { zodFieldErrors } from "./field-errors";
import { env } from "@/env";
import { bearerToken } from "@/server/auth/api-tokens";
import { rateLimits } from "@/server/auth/rate-limit";
import type { Permission } from "@/server/auth/rbac";
import { requirePermission, type TeamCtx } from "@/server/services/context";
import { errorHeaders, RateLimitedError, ServiceError } from "@/server/services/errors";
import { getMembership } from "@/server/services/teams/memberships";
import { authenticateToken } from "@/server/services/tokens/authenticate-token";

/** JSON bodies are at most 10 MB: far above any MLflow batch at its entity limits, and room for
 * 1,000-row prediction batches. Larger ones are refused (413) before they are read whole. */
export const MAX_JSON_BODY_BYTES = 10 * 1024 * 1024;

export function errorResponse(err: unknown): Response {
  if (err instanceof ServiceError) {
    return Response.json(
      { error: { code: err.code, message: err.message, field: err.field, ...(err.details ? { details: err.details } : {}) } },
      { status: err.status, headers: errorHeaders(err) },
    );
  }
  if (err instanceof ZodError) {
    return Response.json(
      { error: { code: "BAD_REQUEST", message: z.prettifyError(err), fields: zodFieldErrors(err) } },
      { status: 400 },
    );
  }
  console.error(err);
  return Response.json({ error: { code: "INTERNAL", message: "internal error" } }, { status: 500 });
}

/** `application/json`, or a `+json` type, with or without parameters. */
const isJsonType = (type: string | null) => /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(type ?? "");

/** Parses a JSON body of bounded size sent as `Content-Type: application/json`, or throws a
 * 415 (other type), 413 (too large) or 400 (not UTF-8 JSON) naming the problem. */
export async function readJson(req: Request): Promise<unknown> {
  const type = req.headers.get("content-type");
  if (!isJsonType(type)) {
    throw new ServiceError("UNSUPPORTED_MEDIA_TYPE", `send the body as JSON with Content-Type: application/json (got ${type ? type.slice(0, 100) : "no Content-Type"})`, "content-type");
  }
  const bytes = await readBody(req, MAX_JSON_BODY_BYTES);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ServiceError("BAD_REQUEST", "body is not UTF-8 text", "body");
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ServiceError("BAD_REQUEST", `body is not valid JSON (${(e as Error).message.slice(0, 200)})`, "body");
  }
}

/** Counts a request against its API token's rate (RATE_LIMIT_TOKEN_*): TOO_MANY_REQUESTS with a
 * retry time beyond it. Per request, here, so a cached authentication is counted too. */
export function limitTokenUse(ctx: TeamCtx): TeamCtx {
  if (ctx.actor.type !== "token") return ctx;
  const took = rateLimits().tokenUse.take(ctx.actor.tokenId);
  if (!took.ok) throw new RateLimitedError(`too many requests with this token (at most ${env.RATE_LIMIT_TOKEN_PER_S} a second); retry in ${took.retryAfterS} s`, took.retryAfterS);
  return ctx;
}

/** A JSON object body (readJson's rules; any other JSON value is a 400). With `optional`, a
 * request sent without a body reads as `{}`. */
export async function readJsonObject(req: Request, { optional = false } = {}): Promise<Record<string, unknown>> {
  if (optional && req.body === null) return {};
  const body = await readJson(req);
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new ServiceError("BAD_REQUEST", "the body must be a JSON object", "body");
  return body as Record<string, unknown>;
}

/** A signed-in browser session: its user, resolved by the route (Auth.js lives in the app). */
export type SessionLookup = () => Promise<{ id: string; email: string } | null>;

/**
 * The caller's team context: an `Authorization: Bearer <token>` acts in the token's team; a
 * browser session (when the route allows it) acts in the team named by `?team=<slug>`.
 */
export async function resolveCaller(db: Db, req: Request, session?: SessionLookup): Promise<TeamCtx> {
  const token = bearerToken(req.headers.get("authorization"));
  if (token) return limitTokenUse(await authenticateToken(db, token));
  const user = session ? await session() : null;
  if (!user) throw new ServiceError("UNAUTHORIZED", "send an API token as Authorization: Bearer <token>");
  const slug = new URL(req.url).searchParams.get("team");
  if (!slug) throw new ServiceError("BAD_REQUEST", "name the team as ?team=<slug>", "team");
  const m = await getMembership(db, user.id, slug);
  if (!m) throw new ServiceError("NOT_FOUND", "team not found", "team");
  return { db, actor: { type: "user", userId: user.id, email: user.email }, team: m.team, role: m.role };
}

/** Wraps a handler: authenticates the caller (token, or session where `session` is given),
 * checks `permission` against their current role in the team, and maps errors. */
export function withTokenAuth(
  permission: Permission,
  handler: (ctx: TeamCtx, req: Request) => Promise<unknown>,
  database: () => Promise<{ db: Db }> = getDatabase,
  session?: SessionLookup,
) {
  return async (req: Request): Promise<Response> => {
    try {
      const { db } = await database();
      const ctx = await resolveCaller(db, req, session);
      requirePermission(ctx, permission);
      const result = await handler(ctx, req);
      return result instanceof Response ? result : Response.json(result);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

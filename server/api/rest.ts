/**
 * The REST adapter for route handlers that outside programs call: bearer-token auth into a
 * team context, JSON body parsing, and the one mapping of errors to HTTP statuses.
 */
import { z, ZodError } from "zod";
import { type Db, getDatabase } from "@/db";
import { bearerToken } from "@/server/auth/api-tokens";
import type { Permission } from "@/server/auth/rbac";
import { requirePermission, type TeamCtx } from "@/server/services/context";
import { ServiceError } from "@/server/services/errors";
import { authenticateToken } from "@/server/services/tokens/authenticate-token";

export const MAX_JSON_BODY_BYTES = 1_000_000;

export function errorResponse(err: unknown): Response {
  if (err instanceof ServiceError) {
    return Response.json({ error: { code: err.code, message: err.message, field: err.field } }, { status: err.status });
  }
  if (err instanceof ZodError) {
    return Response.json(
      { error: { code: "BAD_REQUEST", message: z.prettifyError(err), fields: z.flattenError(err).fieldErrors } },
      { status: 400 },
    );
  }
  console.error(err);
  return Response.json({ error: { code: "INTERNAL", message: "internal error" } }, { status: 500 });
}

/** Parses a JSON body of bounded size, or throws a 400/413 naming the problem. */
export async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (text.length > MAX_JSON_BODY_BYTES) throw new ServiceError("BAD_REQUEST", `body larger than ${MAX_JSON_BODY_BYTES} bytes`);
  try {
    return JSON.parse(text);
  } catch {
    throw new ServiceError("BAD_REQUEST", "body is not valid JSON");
  }
}

/** Wraps a handler: authenticates `Authorization: Bearer <token>`, checks `permission` against
 * the token owner's current role in the token's team, and maps errors. */
export function withTokenAuth(
  permission: Permission,
  handler: (ctx: TeamCtx, req: Request) => Promise<unknown>,
  database: () => Promise<{ db: Db }> = getDatabase,
) {
  return async (req: Request): Promise<Response> => {
    try {
      const token = bearerToken(req.headers.get("authorization"));
      if (!token) throw new ServiceError("UNAUTHORIZED", "send an API token as Authorization: Bearer <token>");
      const { db } = await database();
      const ctx = await authenticateToken(db, token);
      requirePermission(ctx, permission);
      const result = await handler(ctx, req);
      return result instanceof Response ? result : Response.json(result);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

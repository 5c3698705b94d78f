/**
 * What the REST and MLflow tests send as an API client would (test helper; no vitest import):
 * API tokens for a team's roles or for an outsider, and requests that carry one.
 */
import type { Db } from "@/db";
import { ROLES, type Role } from "@/server/auth/rbac";
import type { TeamCtx } from "@/server/services/context";
import { makeTeamWithRoles } from "@/server/services/testing";
import { createToken } from "@/server/services/tokens/create-token";

/** One API token per role of a team (makeTeamWithRoles' `ctx`), each named after its role. */
export async function tokensByRole(ctx: Record<Role, TeamCtx>): Promise<Record<Role, string>> {
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) tokens[role] = (await createToken({ ctx: ctx[role], input: { name: role } })).token;
  return tokens;
}

/** The admin token of a new team of its own: for the answers another team must not get. */
export async function outsiderToken(db: Db): Promise<string> {
  const other = await makeTeamWithRoles(db);
  return (await createToken({ ctx: other.ctx.admin, input: { name: "outsider" } })).token;
}

/**
 * A request with `authorization: Bearer <token>` (no header for null). A body is sent as JSON
 * with its content type: a string as it is (so tests can send broken JSON), anything else
 * through JSON.stringify.
 */
export function bearerRequest(url: string | URL, token: string | null, method = "GET", body?: unknown): Request {
  const text = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
  return new Request(url, {
    method,
    body: text,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(text === undefined ? {} : { "content-type": "application/json" }) },
  });
}

import { readdirSync } from "node:fs";
import path from "node:path";

/**
 * The app's route handlers as a test calls them: every `app/api/**\/route.ts`, found on disk (so
 * a route added tomorrow is found too), imported, and called with the `params` Next would give.
 */
export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
type Handler = (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response> | Response;

const API_DIR = path.join(process.cwd(), "app", "api");

/** Route patterns such as `/api/v1/jobs/[id]`, one per route file. */
export function routePatterns(): string[] {
  return readdirSync(API_DIR, { recursive: true, encoding: "utf8" })
    .filter((f) => path.basename(f) === "route.ts")
    .map((f) => `/api/${path.dirname(f).split(path.sep).join("/")}`)
    .sort();
}

/** The HTTP methods a route module exports. */
export async function routeMethods(pattern: string): Promise<string[]> {
  const mod = (await import(/* @vite-ignore */ path.join(process.cwd(), "app", pattern, "route.ts"))) as Record<string, unknown>;
  return HTTP_METHODS.filter((m) => typeof mod[m] === "function");
}

/** The params of `pathname` under `pattern` (`[x]`: one segment, `[...x]`: the rest), or null. */
export function matchRoute(pattern: string, pathname: string): Record<string, string | string[]> | null {
  const want = pattern.split("/").slice(1);
  const got = pathname.split("/").slice(1);
  const params: Record<string, string | string[]> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const rest = w.match(/^\[\.\.\.(\w+)\]$/);
    if (rest) {
      if (got.length <= i) return null;
      params[rest[1]!] = got.slice(i).map(decodeURIComponent);
      return params;
    }
    const one = w.match(/^\[(\w+)\]$/);
    if (got[i] === undefined) return null;
    if (one) params[one[1]!] = decodeURIComponent(got[i]!);
    else if (w !== got[i]) return null;
  }
  return got.length === want.length ? params : null;
}

/** Calls the handler of the route `req` is for, as Next would; throws when no route matches. */
export async function callRoute(req: Request): Promise<Response> {
  const { pathname } = new URL(req.url);
  // The pattern with the most literal segments wins, as in Next (`/jobs/[id]/cancel` over `/jobs/[id]`).
  const literal = (p: string) => p.split("/").filter((s) => s && !s.startsWith("[")).length;
  for (const pattern of routePatterns().sort((a, b) => literal(b) - literal(a))) {
    const params = matchRoute(pattern, pathname);
    if (!params) continue;
    const mod = (await import(/* @vite-ignore */ path.join(process.cwd(), "app", pattern, "route.ts"))) as Record<string, Handler | undefined>;
    const handler = mod[req.method];
    if (!handler) return new Response(null, { status: 405 });
    return handler(req, { params: Promise.resolve(params) });
  }
  throw new Error(`no route for ${req.method} ${pathname}`);
}

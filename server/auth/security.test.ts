import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import type { DatabaseHandle } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { describeWithDatabase } from "@/db/testing/databases";
import { contentSecurityPolicy } from "@/lib/security-headers";
import nextConfig from "@/next.config";
import { proxy } from "@/proxy";
import { deploymentsHandlers } from "@/server/api/deployments-rest";
import { errorResponse, withTokenAuth } from "@/server/api/rest";
import { createMlflowHandler } from "@/server/mlflow/http";
import { createDeployment } from "@/server/services/serving/create-deployment";
import { flushPredictionLog } from "@/server/services/serving/prediction-log";
import { fitSpxGbdt, registerFitted, spxW3 } from "@/server/services/serving/testing";
import { makeTeamWithRoles, uniqueEmail } from "@/server/services/testing";
import { createToken } from "@/server/services/tokens/create-token";
import { revokeToken } from "@/server/services/tokens/revoke-token";
import { registerUser } from "@/server/services/users/register-user";
import { verifyCredentials } from "@/server/services/users/verify-credentials";
import { secureCookiesFor } from "./cookies";
import { crossSiteWrite } from "./csrf";
import { RateLimiter } from "./rate-limit";

let ipPairs = 0;

// Limits small enough to reach, and an https public URL, read by env.ts when it loads.
vi.hoisted(() => {
  process.env.AUTH_URL = "https://foldline.example";
  process.env.RATE_LIMIT_TOKEN_PER_S = "1";
  process.env.RATE_LIMIT_TOKEN_BURST = "3";
  process.env.RATE_LIMIT_SIGN_IN_FAILURES_PER_MIN = "3";
});
// The Auth.js config, with Auth.js itself stubbed: its packages load Next internals outside Next.
vi.mock("next-auth", () => ({
  CredentialsSignin: class CredentialsSignin extends Error {
    code = "credentials";
  },
}));
vi.mock("next-auth/providers/credentials", () => ({ default: (options: unknown) => ({ id: "credentials", type: "credentials", options }) }));
vi.mock("next-auth/providers/github", () => ({ default: { id: "github", type: "oauth" } }));
const { authConfig } = await import("./config");

type Authorize = (credentials: Record<string, unknown>, request: Request) => Promise<unknown>;
const authorize = (authConfig.providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;
const signInRequest = (ip: string) => new Request("https://foldline.example/api/auth/callback/credentials", { method: "POST", headers: { "x-forwarded-for": `${ip}, 10.0.0.1` } });

/** Every text value in every table, for "this secret is stored nowhere". */
async function allStoredText(db: Db): Promise<string> {
  const tables = rowsOf<{ table_name: string }>(await db.execute(sql`select table_name from information_schema.tables where table_schema = current_schema()`));
  const parts: string[] = [];
  for (const { table_name } of tables) parts.push(JSON.stringify(rowsOf(await db.execute(sql`select * from ${sql.identifier(table_name)}`)), (_, v) => (typeof v === "bigint" ? String(v) : v)));
  return parts.join("\n");
}

/** Everything written to the console and to stdout/stderr while `fn` runs. */
async function captureOutput(fn: () => Promise<unknown>): Promise<string> {
  const out: string[] = [];
  const spies = [
    ...(["log", "info", "warn", "error", "debug", "trace"] as const).map((m) => vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void out.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === "string" ? a : JSON.stringify(a))).join(" ")))),
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: unknown) => (out.push(String(chunk)), true)),
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: unknown) => (out.push(String(chunk)), true)),
  ];
  try {
    await fn().catch((e: unknown) => out.push(`thrown: ${e instanceof Error ? `${e.message} ${JSON.stringify(e)}` : String(e)}`));
  } finally {
    for (const s of spies) s.mockRestore();
  }
  return out.join("\n");
}

describe("security headers", () => {
  afterEach(() => vi.unstubAllEnvs());
  const headersFor = async (nodeEnv: string) => {
    vi.stubEnv("NODE_ENV", nodeEnv);
    const rules = await nextConfig.headers!();
    expect(rules.map((r) => r.source)).toEqual(["/(.*)"]);
    return Object.fromEntries(rules[0]!.headers.map((h) => [h.key, h.value]));
  };

  it("every response gets a CSP that allows only this origin, no framing, nosniff and HSTS (production)", async () => {
    expect(await headersFor("production")).toEqual({
      "Content-Security-Policy":
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self' https://github.com; frame-ancestors 'none'",
      "X-Content-Type-Options": "nosniff",
      "X-Frame-Options": "DENY",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
      "Cross-Origin-Opener-Policy": "same-origin",
      "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    });
  });

  it("in development: eval and websockets for React Refresh, and no HSTS", async () => {
    const dev = await headersFor("development");
    expect(dev["Content-Security-Policy"]).toBe(contentSecurityPolicy({ dev: true }));
    expect(dev["Content-Security-Policy"]).toContain("script-src 'self' 'unsafe-inline' 'unsafe-eval'");
    expect(dev["Content-Security-Policy"]).toContain("connect-src 'self' ws: wss:");
    expect(dev["Strict-Transport-Security"]).toBeUndefined();
  });
});

describe("session cookies", () => {
  it("are Secure when the public URL is https, not when it is http, and decided per request without one", () => {
    expect([secureCookiesFor("https://foldline.example"), secureCookiesFor("http://127.0.0.1:3100"), secureCookiesFor(undefined)]).toEqual([true, false, undefined]);
  });

  it("the Auth.js config takes that from AUTH_URL, keeps sessions in JWTs and sets no weaker cookie options", () => {
    expect(authConfig.useSecureCookies).toBe(true);
    expect(authConfig.session).toEqual({ strategy: "jwt" });
    // Auth.js's defaults (HttpOnly, SameSite=Lax, Path=/) stand: nothing overrides them.
    expect("cookies" in authConfig).toBe(false);
  });
});

describe("cross-site writes", () => {
  const headers = (h: Record<string, string>) => new Headers({ host: "app.example", ...h });
  it.each([
    ["POST", { origin: "https://evil.example" }, "Origin https://evil.example is not app.example"],
    ["POST", { origin: "null" }, "Origin null is not a URL"],
    ["PUT", { "sec-fetch-site": "cross-site" }, "Sec-Fetch-Site is cross-site"],
    ["DELETE", { "sec-fetch-site": "same-site", origin: "https://sub.app.example" }, "Sec-Fetch-Site is same-site"],
    ["POST", { origin: "https://app.example.evil.example" }, "Origin https://app.example.evil.example is not app.example"],
    ["POST", { origin: "http://app.example:8080" }, "Origin http://app.example:8080 is not app.example"],
    ["POST", { origin: "https://app.example", "sec-fetch-site": "same-origin" }, null],
    ["POST", { origin: "https://public.example", host: "10.0.0.5:3000", "x-forwarded-host": "public.example" }, null],
    ["POST", {}, null],
    ["GET", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }, null],
  ] as const)("%s %j → %s", (method, h, why) => {
    expect(crossSiteWrite(method, headers(h), "http://app.example/api/trpc/members.add")).toBe(why);
  });

  const through = (pathname: string, method: string, h: Record<string, string>, cookie = true) =>
    proxy(new NextRequest(`http://127.0.0.1:3100${pathname}`, { method, headers: { host: "127.0.0.1:3100", ...(cookie ? { cookie: "authjs.session-token=x" } : {}), ...h } }));

  it("the proxy refuses a cross-site write that carries the session cookie, with a 403 naming why", async () => {
    const res = through("/api/trpc/members.add", "POST", { origin: "https://evil.example", "content-type": "application/json" });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: "FORBIDDEN", message: "cross-site request refused (Origin https://evil.example is not 127.0.0.1:3100)" } });
    expect(through("/api/v1/datasets", "POST", { "sec-fetch-site": "cross-site" }).status).toBe(403);
    expect(through("/api/2.0/mlflow/runs/delete", "POST", { "sec-fetch-site": "cross-site", authorization: "Bearer fl_x" }).status).toBe(403);
  });

  it("and lets through same-origin writes, reads, cookieless programs, and Auth.js's and Inngest's own routes", () => {
    const passes = (res: Response) => res.headers.get("x-middleware-next") === "1";
    expect(passes(through("/api/trpc/members.add", "POST", { origin: "http://127.0.0.1:3100", "sec-fetch-site": "same-origin" }))).toBe(true);
    expect(passes(through("/api/trpc/team.mine", "GET", { "sec-fetch-site": "cross-site" }))).toBe(true);
    expect(passes(through("/api/2.0/mlflow/runs/log-batch", "POST", { origin: "https://evil.example" }, false))).toBe(true);
    expect(passes(through("/api/auth/callback/credentials", "POST", { origin: "https://evil.example" }))).toBe(true);
    expect(passes(through("/api/inngest", "PUT", { "sec-fetch-site": "cross-site" }))).toBe(true);
  });
});

describe("rate limiter", () => {
  it("gives a key `burst` requests at once, then one per 1/perSecond, and says when to retry", () => {
    let now = 1_000_000;
    const limiter = new RateLimiter({ burst: 3, perSecond: 0.5, now: () => now });
    expect([limiter.take("a"), limiter.take("a"), limiter.take("a")]).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(limiter.take("a")).toEqual({ ok: false, retryAfterS: 2 });
    expect(limiter.take("b")).toEqual({ ok: true });
    now += 1000; // half a token back
    expect(limiter.peek("a")).toEqual({ ok: false, retryAfterS: 1 });
    now += 1000;
    expect([limiter.take("a"), limiter.take("a")]).toEqual([{ ok: true }, { ok: false, retryAfterS: 2 }]);
    now += 60_000; // refills to the burst, not beyond
    expect([limiter.take("a"), limiter.take("a"), limiter.take("a"), limiter.take("a")].map((t) => t.ok)).toEqual([true, true, true, false]);
  });

  it("sweeps full buckets once it holds more keys than allowed", () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 1, perSecond: 1, maxKeys: 2, now: () => now });
    limiter.take("a");
    limiter.take("b");
    now += 5000;
    limiter.take("c"); // a and b are full again: swept
    expect((limiter as unknown as { buckets: Map<string, unknown> }).buckets.size).toBe(1);
  });
});

describeWithDatabase("security with the database", (database) => {
  beforeAll(() => {
    (globalThis as { foldlineDatabase?: Promise<DatabaseHandle> }).foldlineDatabase = Promise.resolve(database());
  });
  afterEach(() => vi.useRealTimers());

  it("an API token is stored only as its sha256: its text is in no table, before or after use and revocation", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const created = await createToken({ ctx: ctx.member, input: { name: "ci" } });
    const team = withTokenAuth("team:read", async (c) => ({ team: c.team.slug }), async () => ({ db }));
    expect((await team(new Request("http://t/api/v1/team", { headers: { authorization: `Bearer ${created.token}` } }))).status).toBe(200);
    await revokeToken({ ctx: ctx.member, input: { tokenId: created.id } });
    const stored = await allStoredText(db);
    expect(stored).toContain(created.prefix);
    expect(stored).not.toContain(created.token);
    expect(stored).not.toContain(created.token.slice(11)); // nor its secret part alone
  });

  it("passwords: stored only as argon2 hashes, and never written to the console or logs, on success or failure", async () => {
    const { db } = database();
    const email = uniqueEmail("pw");
    const password = "Tr0ub4dor&3-never-logged";
    const output = await captureOutput(async () => {
      await registerUser({ db, input: { email, password } });
      await registerUser({ db, input: { email, password } }).catch((e: unknown) => errorResponse(e));
      await registerUser({ db, input: { email: uniqueEmail("pw"), password: "short" } }).catch((e: unknown) => errorResponse(e));
      expect(await authorize({ email, password }, signInRequest("198.51.100.1"))).toMatchObject({ email });
      for (const attempt of [`${password}x`, password.toUpperCase()]) {
        await expect(authorize({ email, password: attempt }, signInRequest("198.51.100.1"))).rejects.toMatchObject({ code: "invalid" });
      }
      await expect(authorize({ email: uniqueEmail("ghost"), password }, signInRequest("198.51.100.1"))).rejects.toMatchObject({ code: "invalid" });
      await expect(authorize({ email: "not an email", password }, signInRequest("198.51.100.1"))).rejects.toMatchObject({ code: "invalid" });
    });
    for (const secret of [password, password.toUpperCase(), "short"]) expect(output).not.toContain(secret);
    expect(await allStoredText(db)).not.toContain(password);
  });

  it("no console call in the app's source mentions a password, credentials or a token's secret", () => {
    const roots = ["app", "server", "lib", "workers", "cli", "db", "components", "bin"];
    const offending: string[] = [];
    for (const root of roots) {
      for (const f of readdirSync(path.join(process.cwd(), root), { recursive: true, encoding: "utf8" })) {
        if (!/\.(ts|tsx|mjs)$/.test(f) || /\.test\.ts$|testing/.test(f)) continue;
        const text = readFileSync(path.join(process.cwd(), root, f), "utf8");
        // A console or logger call up to its closing parenthesis on the same or next lines.
        for (const m of text.matchAll(/\b(console\.\w+|logger\.\w+|log\.(?:info|warn|error|debug))\(([^;]*?)\)\s*;/gs)) {
          if (/password|passwd|credentials|tokenHash|\btoken\b(?!Id)/i.test(m[2]!)) offending.push(`${root}/${f}: ${m[0].slice(0, 120)}`);
        }
      }
    }
    expect(offending).toEqual([]);
  });

  it("sign-in: a client IP is refused after RATE_LIMIT_SIGN_IN_FAILURES_PER_MIN failures, even with the right password; other IPs are not", async () => {
    const { db } = database();
    vi.useFakeTimers({ toFake: ["Date"] });
    const email = uniqueEmail("ip");
    await registerUser({ db, input: { email, password: "right password" } });
    // The limiter is process state: each database's run of this test uses addresses of its own.
    const ip = `203.0.113.${(ipPairs += 2)}`;
    const otherIp = `203.0.113.${ipPairs + 1}`;
    for (const guess of ["a", "b", "c"]) await expect(authorize({ email: uniqueEmail("spray"), password: guess }, signInRequest(ip))).rejects.toMatchObject({ code: "invalid" });
    await expect(authorize({ email, password: "right password" }, signInRequest(ip))).rejects.toMatchObject({ code: "rate_limited" });
    expect(await verifyCredentials(db, email, "right password", ip)).toEqual({ ok: false, reason: "rate_limited", retryAfterS: 20 });
    expect(await authorize({ email, password: "right password" }, signInRequest(otherIp))).toMatchObject({ email });
    // A failure refills in 60 / 3 = 20 s.
    vi.setSystemTime(Date.now() + 20_000);
    expect(await authorize({ email, password: "right password" }, signInRequest(ip))).toMatchObject({ email });
  });

  it("token use: over RATE_LIMIT_TOKEN_BURST at once is 429 with Retry-After, in MLflow's and the REST API's bodies; other tokens are not held up", async () => {
    const { db } = database();
    vi.useFakeTimers({ toFake: ["Date"] });
    const { ctx } = await makeTeamWithRoles(db);
    const [busy, other] = [await createToken({ ctx: ctx.member, input: { name: "busy" } }), await createToken({ ctx: ctx.member, input: { name: "other" } })];
    const mlflow = createMlflowHandler(async () => ({ db }));
    const rest = withTokenAuth("team:read", async (c) => ({ team: c.team.slug }), async () => ({ db }));
    const search = (token: string) =>
      mlflow(new Request("http://t/api/2.0/mlflow/experiments/search", { headers: { authorization: `Bearer ${token}` } }), "experiments/search", "GET");
    const team = (token: string) => rest(new Request("http://t/api/v1/team", { headers: { authorization: `Bearer ${token}` } }));

    expect([(await search(busy.token)).status, (await team(busy.token)).status, (await search(busy.token)).status]).toEqual([200, 200, 200]);
    const limited = await search(busy.token);
    expect([limited.status, limited.headers.get("retry-after"), await limited.json()]).toEqual([
      429,
      "1",
      { error_code: "REQUEST_LIMIT_EXCEEDED", message: "too many requests with this token (at most 1 a second); retry in 1 s" },
    ]);
    const limitedRest = await team(busy.token);
    expect([limitedRest.status, limitedRest.headers.get("retry-after"), (await limitedRest.json()).error.code]).toEqual([429, "1", "TOO_MANY_REQUESTS"]);
    expect((await team(other.token)).status).toBe(200);
    vi.setSystemTime(Date.now() + 1000);
    expect((await search(busy.token)).status).toBe(200);
    expect((await search(busy.token)).status).toBe(429);
  });

  it("predict, whose authentication is cached for a second, counts every request against the token's rate", async () => {
    const { db } = database();
    vi.useFakeTimers({ toFake: ["Date"] });
    const { ctx } = await makeTeamWithRoles(db);
    const spx = spxW3();
    await registerFitted(ctx.member, "served", fitSpxGbdt(spx, { trees: 2 }));
    await createDeployment({ ctx: ctx.admin, input: { name: "served", primary: { model: "served", version: 1 } } });
    const row = Object.fromEntries(spx.features.names.map((n, j) => [n, spx.features.columns[j]![spx.bars.close.length - 1]!]));
    const { token } = await createToken({ ctx: ctx.viewer, input: { name: "p" } });
    const predict = deploymentsHandlers({ database: async () => ({ db }) }).predict("served");
    const call = () =>
      predict(new Request("http://t/api/v1/deployments/served/predict", { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ rows: [row] }) }));
    expect([(await call()).status, (await call()).status, (await call()).status]).toEqual([200, 200, 200]);
    const limited = await call();
    expect([limited.status, limited.headers.get("retry-after"), (await limited.json()).error.code]).toEqual([429, "1", "TOO_MANY_REQUESTS"]);
    await flushPredictionLog();
  });
});

/**
 * W8 (BENCHMARKS.md): the registry list page with 1,000 registered models and 10,000 versions,
 * in Chromium against `next start`: first contentful paint, and the time until the list answers
 * a name filter.
 *
 * Set-up (not timed): a production build (`next build` runs first when .next has none, or when
 * W8_BUILD=1); a fresh database — PostgreSQL on DATABASE_URL's server when it is set, else a
 * PGlite folder of its own — seeded through the registry's bulk import (`seed_s`); `next start`
 * on a free loopback port; Debian's Chromium (CHROMIUM_PATH to change) signed in as the team's
 * admin.
 * A run (one warm-up, then `--runs`): a new tab opens /bench/models; `fcp_ms` is the paint
 * timing entry `first-contentful-paint`. Once React has hydrated, the search box gets "-094" as
 * one input event (a paste), and `filter_ms` runs from that event to the first frame after the
 * list shows the server's answer: exactly model-0940..model-0949 and "10 models" (models past
 * the first page, so the answer cannot come from rows already loaded).
 * `ms` = median fcp_ms, n = models; extra fields: fcp_ms, filter_ms (medians) with their
 * per-run times, versions, db, seed_s, server_rss_mb (the server process's peak RSS).
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { seedRegistry } from "@/server/services/registry/seed-registry";
import { signIn } from "../../e2e/helpers";
import { benchRuns } from "../args";
import { median, peakRssMb, round } from "../harness";
import { hasProductionBuild, root, startNextServer } from "../next-server";
import { BENCH_USER, benchTeam, freshPostgresDatabase } from "../setup";

const MODELS = 1000;
const VERSIONS = 10_000;
const FILTER = "-094";
const ANSWER = Array.from({ length: 10 }, (_, i) => `model-094${i}`);
const log = (line: string) => process.stderr.write(`W8: ${line}\n`);

function build() {
  if (hasProductionBuild() && process.env.W8_BUILD !== "1") return;
  log("next build (minutes)…");
  // Build output goes to stderr: stdout carries only the JSON line.
  const res = spawnSync(process.execPath, [createRequire(import.meta.url).resolve("next/dist/bin/next"), "build"], { cwd: root, stdio: ["ignore", 2, 2] });
  if (res.status !== 0) throw new Error(`next build failed (exit ${res.status})`);
}

/** One visit: open the page, read its FCP, filter, time the answer. */
async function visit(page: Page) {
  await page.goto("/bench/models", { waitUntil: "load" });
  const fcp = await page.evaluate(
    () =>
      new Promise<number>((resolve) =>
        new PerformanceObserver((list) => {
          const entry = list.getEntriesByName("first-contentful-paint")[0];
          if (entry) resolve(entry.startTime);
        }).observe({ type: "paint", buffered: true }),
      ),
  );
  // React attaches its props to DOM nodes when it hydrates them: only then does typing reach it.
  await page.waitForFunction(() => {
    const input = document.querySelector('input[aria-label="Search models"]');
    return !!input && Object.keys(input).some((k) => k.startsWith("__reactProps"));
  });
  const filter = await page.evaluate(
    ({ text, answer }) =>
      new Promise<number>((resolve) => {
        // No named functions in here: tsx's esbuild would wrap them in a helper the page lacks.
        const input = document.querySelector<HTMLInputElement>('input[aria-label="Search models"]')!;
        const t0 = performance.now();
        new MutationObserver((_, watch) => {
          const count = document.querySelector('[data-testid="models-count"]')?.textContent;
          const names = [...document.querySelectorAll('[data-testid="model-row"] a')].map((a) => a.textContent).join();
          if (count !== `${answer.length} models` || names !== answer.join()) return;
          watch.disconnect();
          requestAnimationFrame(() => resolve(performance.now() - t0));
        }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        // As a paste: the native setter, then the input event React listens to.
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!.call(input, text);
        input.dispatchEvent(new Event("input", { bubbles: true }));
      }),
    { text: FILTER, answer: ANSWER },
  );
  return { fcp, filter };
}

build();
const scratch = mkdtempSync(path.join(os.tmpdir(), "foldline-w8-"));
const postgresDb = process.env.DATABASE_URL ? await freshPostgresDatabase() : null;
const pgliteDir = postgresDb ? undefined : path.join(scratch, "pglite");
let server: Awaited<ReturnType<typeof startNextServer>> | undefined;
let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
try {
  const t0 = performance.now();
  const handle = await openDatabase({ url: postgresDb?.url, pgliteDir });
  try {
    await migrateDatabase(handle);
    await seedRegistry({ ctx: await benchTeam(handle.db), input: { models: MODELS, versions: VERSIONS, prefix: "model" } });
  } finally {
    await handle.close(); // PGlite is one process per folder: the server opens it next
  }
  const seedS = (performance.now() - t0) / 1000;
  log(`seeded ${MODELS} models, ${VERSIONS} versions in ${seedS.toFixed(1)} s (${postgresDb ? "postgres" : "pglite"})`);

  server = await startNextServer({
    DATABASE_URL: postgresDb?.url ?? "",
    PGLITE_DIR: pgliteDir ?? "",
    ARTIFACT_DIR: path.join(scratch, "artifacts"),
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    AUTH_TRUST_HOST: "true",
    FOLDLINE_SEED_DEMO: "false",
  });
  const baseURL = server.baseURL;

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
  });
  const context = await browser.newContext({ baseURL });
  await signIn(await context.newPage(), BENCH_USER.email, BENCH_USER.password);

  const runs = benchRuns();
  const fcps: number[] = [];
  const filters: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const page = await context.newPage();
    const { fcp, filter } = await visit(page);
    await page.close();
    if (i === 0) continue; // warm-up: the server's first render of the page, cold caches
    fcps.push(fcp);
    filters.push(filter);
  }
  const fcpMs = median(fcps);
  console.log(
    JSON.stringify({
      workload: "W8",
      impl: "foldline",
      n: MODELS,
      ms: round(fcpMs, 1),
      per_s: round((MODELS * 1000) / fcpMs, 1),
      rss_mb: round(peakRssMb(), 1),
      runs,
      times_ms: fcps.map((t) => round(t, 1)),
      fcp_ms: round(fcpMs, 1),
      filter_ms: round(median(filters), 1),
      filter_times_ms: filters.map((t) => round(t, 1)),
      versions: VERSIONS,
      db: postgresDb ? "postgres" : "pglite",
      seed_s: round(seedS, 2),
      server_rss_mb: round(server.peakRssMb(), 1),
    }),
  );
} finally {
  await browser?.close();
  await server?.stop();
  await postgresDb?.drop();
  rmSync(scratch, { recursive: true, force: true });
}

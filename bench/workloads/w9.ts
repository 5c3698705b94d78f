/**
 * W9 (BENCHMARKS.md): W4 as a `walk_forward` job through the local durable runner, on PGlite
 * and on PostgreSQL (DATABASE_URL's server, default the local one, in a fresh database that is
 * dropped afterwards). The W4 input: spx from 2000-01-01, train 36 / test 3 / step 3 months, the
 * 5-bar label purged, a 100-tree GBDT (depth 6, learning rate 0.05, 255 bins, L2 1, min child
 * samples 1) per fold backtested alone with the W2 rules, permutation importance (5 repeats).
 *
 * (a) Enqueue → done on a runner in this process (as the web server embeds it): `seconds`, and
 *     `progress_folds`, the folds whose stored result was seen live (the job logs a line per
 *     fold once it is stored).
 * (b) The same job on a runner process (`workers/local/main.ts`), SIGKILLed half a fold after
 *     KILL_AFTER folds are stored (fold KILL_AFTER computing), then started again: it resumes
 *     and completes. `refolds`: folds computed again after the kill = folds whose step began
 *     before the kill (from the killed runner's output) − folds the resumed attempt found
 *     stored (its "resumes after N finished steps" line); goal 1, the one running.
 *     `fold_runs`: child runs (each fold computation opens one; the killed fold's stays RUNNING).
 *     `resumed_seconds` counts from enqueue to done, both process starts included and, on
 *     PostgreSQL, the wait for the killed runner's 30 s lease to run out (`resume_wait_s`,
 *     restart → resumed); `same_result`: the resumed job's metrics equal (a)'s.
 *
 * One run of each per database (a job is a minute of work). Artifacts go to a temporary
 * ARTIFACT_DIR. One JSON line per database.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const KILL_AFTER = 30;
const W4_INPUT = {
  splits: { trainMonths: 36, testMonths: 3, stepMonths: 3 },
  label: { kind: "regression", horizon: 5 },
  model: { algorithm: "gbdt", params: { nEstimators: 100, maxDepth: 6, learningRate: 0.05, maxBins: 255, lambda: 1, minChildSamples: 1 } },
  importance: { nRepeats: 5, seed: 0 },
  settings: { startCash: 100_000, direction: "long_short", sizing: { kind: "fixed", fraction: 0.1 }, costs: { slippageBps: 5, feeBps: 5, commissionPerShare: 0.001 } },
} as const;

const scratch = mkdtempSync(path.join(os.tmpdir(), "foldline-w9-"));
// Before the app's modules read env.ts (imported below, dynamically).
process.env.ARTIFACT_DIR = path.join(scratch, "artifacts");

const { eq } = await import("drizzle-orm");
const { openDatabase } = await import("@/db/client");
const { migrateDatabase } = await import("@/db/migrate");
const { jobs, runs } = await import("@/db/schema");
const { importSampleDataset } = await import("@/server/services/datasets/testing");
const { localDispatcher } = await import("@/server/services/jobs/dispatch");
const { enqueueJob } = await import("@/server/services/jobs/enqueue-job");
const { LocalRunner } = await import("@/workers/local/runner");
const { benchTeam, freshPostgresDatabase } = await import("../setup");
const { peakRssMb, round } = await import("../harness");
type Db = import("@/db").Db;
type WalkForwardJobResult = import("@/workers/jobs/walk-forward").WalkForwardJobResult;

const secondsSince = (t0: number) => round((performance.now() - t0) / 1000, 3);
const foldLine = /^fold (\d+): /;

/**
 * A runner process (workers/local/main.ts), its stdout kept as lines (`job <id>: <line>` for
 * job log lines and outcomes). `next` waits for a line; it fails when the job ends otherwise
 * (failed, or a retry) or the process exits first.
 */
const processes: ChildProcess[] = [];
function runnerProcess(env: Record<string, string>, jobId: string) {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "workers/local/main.ts"], {
    env: { ...process.env, JOB_RUNNER: "local", JOB_WORKERS: "1", FOLDLINE_SEED_DEMO: "false", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  processes.push(child);
  const lines: string[] = [];
  const waiters: { test: (line: string) => boolean; resolve: (line: string) => void; reject: (e: Error) => void }[] = [];
  const failAll = (why: string) => {
    for (const w of waiters.splice(0)) w.reject(new Error(`W9: ${why}`));
  };
  let buffered = "";
  child.stdout!.on("data", (d: Buffer) => {
    buffered += d.toString();
    const complete = buffered.split("\n");
    buffered = complete.pop()!;
    for (const line of complete) {
      lines.push(line);
      for (const w of waiters.splice(0)) (w.test(line) ? w.resolve(line) : waiters.push(w));
      if (line === `job ${jobId}: failed` || line === `job ${jobId}: retry`) failAll(line);
    }
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exited.then(() => failAll("the runner process exited"));
  return {
    lines,
    next: (test: (line: string) => boolean) => new Promise<string>((resolve, reject) => waiters.push({ test, resolve, reject })),
    async stop(signal: NodeJS.Signals) {
      child.kill(signal);
      await exited;
    },
  };
}

/** Child runs of the job's run: one per computation of a fold (`fold <i> · ...`). */
async function foldRuns(db: Db, parentRunId: string) {
  return (await db.select({ name: runs.name }).from(runs).where(eq(runs.parentRunId, parentRunId))).filter((r) => /^fold \d+ /.test(r.name)).length;
}

async function benchDatabase(kind: "pglite" | "postgres") {
  const pgliteDir = path.join(scratch, `pglite-${Date.now()}`);
  const pg = kind === "postgres" ? await freshPostgresDatabase() : null;
  const open = () => openDatabase(pg ? { url: pg.url } : { pgliteDir });
  let handle = await open();
  try {
    await migrateDatabase(handle);
    const ctx = await benchTeam(handle.db);
    const spx = await importSampleDataset(ctx, "spx");
    const input = { ...W4_INPUT, target: { datasetId: spx.dataset.id, start: "2000-01-01" } };

    // (a) enqueue → done on an in-process runner
    const runner = new LocalRunner({ db: handle.db, workers: 1, exclusive: kind === "pglite" }).start();
    let progressFolds = 0;
    runner.on("log", ({ line }: { line: string }) => foldLine.test(line) && progressFolds++);
    const t0 = performance.now();
    const job = await enqueueJob({ ctx, input: { kind: "walk_forward", input } as never, dispatcher: localDispatcher });
    const status = await new Promise<string>((resolve) => runner.on("finished", (e: { jobId: string; status: string }) => e.jobId === job.id && resolve(e.status)));
    const seconds = secondsSince(t0);
    await runner.stop();
    const [done] = await handle.db.select().from(jobs).where(eq(jobs.id, job.id));
    if (status !== "succeeded") throw new Error(`W9 (a) on ${kind}: the job ${status}: ${done?.error}`);
    const result = done!.result as WalkForwardJobResult;

    // (b) the same job on a runner process, killed once mid-way, then started again
    const t1 = performance.now();
    const again = await enqueueJob({ ctx, input: { kind: "walk_forward", input } as never, dispatcher: localDispatcher });
    if (kind === "pglite") await handle.close(); // PGlite belongs to one process: the runner's
    const childEnv: Record<string, string> = pg ? { DATABASE_URL: pg.url } : { DATABASE_URL: "", PGLITE_DIR: pgliteDir };
    const first = runnerProcess(childEnv, again.id);
    // "fold i: ..." is written as fold i+1 starts (fold i is stored by then); half a fold later
    // fold i+1 is computing.
    await first.next((l) => l.startsWith(`job ${again.id}: fold ${KILL_AFTER - 1}: `));
    await new Promise((r) => setTimeout(r, (seconds * 500) / result.folds));
    await first.stop("SIGKILL");
    // Folds whose step began before the kill: each whose "fold i:" line came out, and the next.
    const prefix = `job ${again.id}: `;
    const lastLogged = Math.max(-1, ...first.lines.filter((l) => l.startsWith(prefix)).map((l) => Number(foldLine.exec(l.slice(prefix.length))?.[1] ?? -1)));
    const begun = lastLogged + 2;
    const restart = performance.now();
    const second = runnerProcess(childEnv, again.id);
    const resumedLine = second.next((l) => l.startsWith(`job ${again.id}: attempt `) && l.includes(" resumes after "));
    const endLine = second.next((l) => l === `job ${again.id}: succeeded`);
    endLine.catch(() => {}); // awaited below, after the resume line
    // "attempt 2 resumes after S finished steps": the run's start and S − 1 folds.
    const stored = Number(/ resumes after (\d+) finished/.exec(await resumedLine)![1]) - 1;
    const resumeWait = secondsSince(restart);
    await endLine;
    const resumedSeconds = secondsSince(t1);
    await second.stop("SIGTERM");
    if (kind === "pglite") handle = await open();
    const [resumed] = await handle.db.select().from(jobs).where(eq(jobs.id, again.id));
    const resumedResult = resumed!.result as WalkForwardJobResult;

    return {
      workload: "W9",
      impl: "foldline",
      db: kind,
      n: result.folds,
      seconds,
      per_s: round(result.folds / seconds, 3),
      runs: 1,
      progress_folds: progressFolds,
      oos_sharpe: round(result.oosSharpe, 6),
      resumed_seconds: resumedSeconds,
      killed_after_folds: KILL_AFTER,
      resume_wait_s: resumeWait,
      folds_begun_before_kill: begun,
      folds_stored_before_kill: stored,
      refolds: begun - stored,
      fold_runs: await foldRuns(handle.db, resumedResult.runId),
      attempts: resumed!.attempts,
      same_result: JSON.stringify(resumedResult.metrics) === JSON.stringify(result.metrics) && resumedResult.oosSharpe === result.oosSharpe,
      rss_mb: round(peakRssMb(), 1),
    };
  } finally {
    for (const p of processes.splice(0)) p.kill("SIGKILL");
    await handle.close().catch(() => {});
    await pg?.drop();
  }
}

try {
  for (const kind of ["pglite", "postgres"] as const) console.log(JSON.stringify(await benchDatabase(kind)));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

import postgres from "postgres";
import { afterEach, describe, expect, it } from "vitest";
import { openTestDatabase } from "@/db/testing/databases";
import type { DatabaseHandle } from "@/db/client";
import { makeTeamWithRoles } from "@/server/services/testing";
import { TESTING_JOBS_MODULE } from "@/workers/jobs/testing-jobs";
import { LocalRunner } from "./runner";
import { insertJob, jobLogLines, waitForJob } from "./testing";

/**
 * Fault: the database goes away while a job computes (every connection of the job's database is
 * terminated, as a server restart does), then comes back. The runner reconnects, the job
 * finishes, and no finished step is computed again. PostgreSQL only (PGlite lives in the
 * runner's process: it cannot restart under it).
 */
describe.runIf(process.env.DATABASE_URL)("local runner across a database restart [postgres]", () => {
  let handle: DatabaseHandle | undefined;
  let runner: LocalRunner | undefined;
  afterEach(async () => {
    await runner?.stop();
    await handle?.close();
  });

  it("keeps the job's finished steps and completes it once the database is back", async () => {
    handle = await openTestDatabase("postgres");
    const { db } = handle;
    const [{ name }] = (await db.execute<{ name: string }>("select current_database() as name" as never)) as unknown as [{ name: string }];
    const { ctx } = await makeTeamWithRoles(db);
    const job = await insertJob(db, ctx.member, "count_folds", { folds: 6, foldMs: 150 });
    runner = new LocalRunner({ db, workers: 1, pollMs: 25, leaseMs: 3000, definitionsModule: TESTING_JOBS_MODULE });
    await new Promise<void>((resolve) => {
      runner!.on("log", ({ line }: { line: string }) => line === "fold 2 computing" && resolve());
      runner!.start();
    });
    const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      const killed = await admin`select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`;
      expect(killed.length).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    // The test's own connections were cut too: a poll that meets a dropped connection tries again.
    const done = await (async function poll(): Promise<Awaited<ReturnType<typeof waitForJob>>> {
      try {
        return await waitForJob(db, job.id, ["succeeded", "failed"], 60_000);
      } catch (err) {
        if (!/ECONNRESET|terminat|closed/i.test(String((err as { cause?: unknown }).cause ?? err))) throw err;
        return poll();
      }
    })();
    expect([done.status, done.result]).toEqual(["succeeded", { sum: 0 + 1 + 4 + 9 + 16 + 25 }]);
    const lines = (await jobLogLines(db, job.id)).map((l) => l.line);
    // Folds 0 and 1 finished before the restart and never ran again; at most the fold that was
    // computing (or being stored) when the connections dropped ran twice.
    const runs = Array.from({ length: 6 }, (_, i) => lines.filter((l) => l === `fold ${i} computing`).length);
    expect(runs.slice(0, 2)).toEqual([1, 1]);
    expect(runs.reduce((a, b) => a + b)).toBeLessThanOrEqual(7);
  }, 90_000);
});

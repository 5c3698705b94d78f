import { asc, eq } from "drizzle-orm";
import { afterEach } from "vitest";
import type { Db } from "@/db";
import { jobLogs, jobs } from "@/db/schema";
import { actorUserId, type TeamCtx } from "@/server/services/context";
import type { JobRow } from "@/server/services/jobs/access";
import { LocalRunner, type LocalRunnerOptions } from "./runner";

/** Queues a job of any kind (test kinds included) straight into the table, as `ctx`'s user. */
export async function insertJob(db: Db, ctx: TeamCtx, kind: string, input: unknown, maxAttempts = 3): Promise<JobRow> {
  const [row] = await db.insert(jobs).values({ teamId: ctx.team.id, kind, input, maxAttempts, createdBy: actorUserId(ctx.actor) }).returning();
  return row!;
}

/** Polls until the job reaches one of `statuses` (or fails the test after `timeoutMs`). */
export async function waitForJob(db: Db, id: string, statuses: JobRow["status"][], timeoutMs = 20_000): Promise<JobRow> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
    if (row && statuses.includes(row.status)) return row;
    if (Date.now() > deadline) throw new Error(`job ${id} is ${row?.status}, not ${statuses.join("/")}, after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The job's log lines in order. */
export async function jobLogLines(db: Db, id: string) {
  return db.select({ attempt: jobLogs.attempt, line: jobLogs.line, ts: jobLogs.ts }).from(jobLogs).where(eq(jobLogs.jobId, id)).orderBy(asc(jobLogs.id));
}

/** Starts local runners for a test file's tests (one worker, polling every 25 ms unless
 * `options` say otherwise) and stops each one after its test. Call it at module level. */
export function testRunners() {
  const started: LocalRunner[] = [];
  afterEach(async () => {
    for (const r of started.splice(0)) await r.stop();
  });
  return (db: Db, options: Partial<LocalRunnerOptions> = {}) => {
    const runner = new LocalRunner({ db, workers: 1, pollMs: 25, ...options });
    started.push(runner);
    return runner.start();
  };
}

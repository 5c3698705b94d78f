import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { jobs } from "@/db/schema";
import { closeJobRun } from "./close-job-run";
import { dbNowPlus, heldBy } from "./lease";

export type JobOutcome =
  | { status: "succeeded"; result: unknown }
  | { status: "failed"; error: string }
  /** Back to the queue, to run again after `delayMs`; its finished steps are kept. */
  | { status: "retry"; error: string; delayMs: number };

/** Exponential backoff: `baseMs`·2^(attempt−1), at most `capMs`. */
export const retryDelayMs = (attempt: number, baseMs: number, capMs: number) => Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));

/**
 * Records how an attempt of a job ended, while `owner` holds it (false otherwise: a cancelled
 * job stays cancelled). A finished job ends its tracking run the same way, in one transaction.
 */
export async function finishJob(db: Db, { jobId, owner, outcome }: { jobId: string; owner: string; outcome: JobOutcome }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const released = { leaseOwner: null, leaseExpiresAt: null, updatedAt: sql`now()` };
    const set =
      outcome.status === "succeeded"
        ? { ...released, status: "succeeded" as const, result: outcome.result ?? null, error: null, finishedAt: sql`now()` }
        : outcome.status === "failed"
          ? { ...released, status: "failed" as const, error: outcome.error, finishedAt: sql`now()` }
          : { ...released, status: "queued" as const, error: outcome.error, runAfter: dbNowPlus(outcome.delayMs) };
    const [row] = await tx.update(jobs).set(set).where(heldBy(jobId, owner)).returning({ runId: jobs.runId });
    if (!row) return false;
    if (outcome.status !== "retry") await closeJobRun(tx as unknown as Db, row.runId, outcome.status === "succeeded" ? "FINISHED" : "FAILED");
    return true;
  });
}

/** Links a job to the tracking run it writes to. */
export async function linkJobRun(db: Db, { jobId, runId }: { jobId: string; runId: string }) {
  await db.update(jobs).set({ runId, updatedAt: sql`now()` }).where(eq(jobs.id, jobId));
}

import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { jobs, jobSteps } from "@/db/schema";
import { dbNowPlus, heldBy } from "./lease";

/** The finished steps of a job: step id → stored result. */
export async function loadCheckpoints(db: Db, jobId: string): Promise<Record<string, unknown>> {
  const rows = await db.select({ stepId: jobSteps.stepId, result: jobSteps.result }).from(jobSteps).where(eq(jobSteps.jobId, jobId));
  return Object.fromEntries(rows.map((r) => [r.stepId, r.result]));
}

/**
 * Stores a finished step's result while `owner` holds the job (and extends the lease: a
 * checkpoint is a sign of life). False when the job is no longer held — cancelled, or taken
 * over after a lapse — and nothing is stored. A step stored twice keeps its first result.
 */
export async function saveCheckpoint(
  db: Db,
  { job, owner, leaseMs, stepId, result }: { job: { id: string; teamId: string }; owner: string; leaseMs: number; stepId: string; result: unknown },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const held = await tx.update(jobs).set({ leaseExpiresAt: dbNowPlus(leaseMs) }).where(heldBy(job.id, owner)).returning({ id: jobs.id });
    if (!held.length) return false;
    await tx
      .insert(jobSteps)
      .values({ jobId: job.id, teamId: job.teamId, stepId, result: result ?? null })
      .onConflictDoNothing();
    return true;
  });
}

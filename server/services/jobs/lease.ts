/**
 * The runner's side of a job's lease. A runner claims a job for `leaseMs` and renews the lease
 * while it works (heartbeat); every write it makes for the job is conditional on still holding
 * it, so a cancelled job, or one another runner took over after this one stalled, ignores it.
 * Times are the database's clock, shared by every runner process.
 */
import { and, asc, eq, inArray, isNotNull, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { jobs } from "@/db/schema";
import type { JobRow } from "./access";

/** `now() + ms` on the database's clock. */
export const dbNowPlus = (ms: number) => sql`now() + make_interval(secs => ${ms / 1000}::double precision)`;

/** The condition that `owner` still holds job `id`. */
export const heldBy = (id: string, owner: string) => and(eq(jobs.id, id), eq(jobs.status, "running"), eq(jobs.leaseOwner, owner));

/**
 * Takes the next job to run, or null: a queued job whose time has come (oldest first), or a
 * running job whose lease ran out (its process died; it resumes from its finished steps).
 * The claim counts an attempt. `FOR UPDATE SKIP LOCKED` lets runners in several processes
 * claim side by side on PostgreSQL without taking the same job; PGlite (one process) runs the
 * same statement.
 */
export async function claimJob(db: Db, { owner, leaseMs }: { owner: string; leaseMs: number }): Promise<JobRow | null> {
  const next = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      or(
        and(eq(jobs.status, "queued"), lte(jobs.runAfter, sql`now()`)),
        and(eq(jobs.status, "running"), lt(jobs.leaseExpiresAt, sql`now()`)),
      ),
    )
    .orderBy(asc(jobs.runAfter), asc(jobs.createdAt))
    .limit(1)
    .for("update", { skipLocked: true });
  const [row] = await db
    .update(jobs)
    .set({
      status: "running",
      attempts: sql`${jobs.attempts} + 1`,
      leaseOwner: owner,
      leaseExpiresAt: dbNowPlus(leaseMs),
      startedAt: sql`coalesce(${jobs.startedAt}, now())`,
      updatedAt: sql`now()`,
    })
    .where(inArray(jobs.id, next))
    .returning();
  return row ?? null;
}

/** Extends the leases of the jobs `owner` holds; returns the ids it still holds (a missing id
 * was cancelled or taken over). */
export async function renewLeases(db: Db, { owner, ids, leaseMs }: { owner: string; ids: string[]; leaseMs: number }): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db
    .update(jobs)
    .set({ leaseExpiresAt: dbNowPlus(leaseMs), updatedAt: sql`now()` })
    .where(and(inArray(jobs.id, ids), eq(jobs.status, "running"), eq(jobs.leaseOwner, owner)))
    .returning({ id: jobs.id });
  return new Set(rows.map((r) => r.id));
}

/** Gives jobs back to the queue at once (a runner shutting down cleanly); the attempt it
 * started does not count. */
export async function releaseJobs(db: Db, { owner, ids }: { owner: string; ids: string[] }) {
  if (!ids.length) return;
  await db
    .update(jobs)
    .set({ status: "queued", attempts: sql`greatest(${jobs.attempts} - 1, 0)`, leaseOwner: null, leaseExpiresAt: null, runAfter: sql`now()`, updatedAt: sql`now()` })
    .where(and(inArray(jobs.id, ids), eq(jobs.status, "running"), eq(jobs.leaseOwner, owner)));
}

/** Ends every running job's lease now. Only for a runner that is alone on its database
 * (PGlite, one process): whatever is still running was left by a process that died. */
export async function expireLeases(db: Db) {
  await db.update(jobs).set({ leaseExpiresAt: sql`now()` }).where(and(eq(jobs.status, "running"), isNotNull(jobs.leaseExpiresAt)));
}

/** Marks a job running for a runner without leases (Inngest, which keeps its own state);
 * false when it is no longer queued (cancelled meanwhile). */
export async function markJobRunning(db: Db, { id, owner }: { id: string; owner: string }): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({ status: "running", attempts: sql`${jobs.attempts} + 1`, leaseOwner: owner, startedAt: sql`coalesce(${jobs.startedAt}, now())`, updatedAt: sql`now()` })
    .where(and(eq(jobs.id, id), inArray(jobs.status, ["queued", "running"])))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { jobLogs, jobs } from "@/db/schema";
import { heldBy } from "./lease";

export const MAX_LOG_LINE = 10_000;

/** Appends log lines (each cut to MAX_LOG_LINE characters) of one attempt of a job. */
export async function appendJobLogs(db: Db, { job, attempt, lines }: { job: { id: string; teamId: string }; attempt: number; lines: string[] }) {
  if (!lines.length) return;
  await db.insert(jobLogs).values(lines.map((line) => ({ jobId: job.id, teamId: job.teamId, attempt, line: line.slice(0, MAX_LOG_LINE) })));
}

/** Sets a held job's progress; false when the job is no longer held. */
export async function setJobProgress(
  db: Db,
  { jobId, owner, done, total, message }: { jobId: string; owner: string; done: number; total: number; message: string | null },
): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({ progressDone: Math.round(done), progressTotal: Math.round(total), progressMessage: message, updatedAt: sql`now()` })
    .where(heldBy(jobId, owner))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { type RunStatus, runs } from "@/db/schema";

/** Ends the job's tracking run with the job (FINISHED, FAILED or KILLED), unless the job ended
 * it already. */
export async function closeJobRun(tx: Db, runId: string | null, status: Extract<RunStatus, "FINISHED" | "FAILED" | "KILLED">) {
  if (!runId) return;
  await tx
    .update(runs)
    .set({ status, endTime: Date.now() })
    .where(and(eq(runs.id, runId), eq(runs.status, "RUNNING")));
}

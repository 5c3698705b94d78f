import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { retrainSchedules } from "@/db/schema";
import type { DispatchedJob, JobDispatcher } from "../jobs/dispatch";

/** Makes a schedule due: its next run a minute before `now`. */
export const makeScheduleDue = (db: Db, id: string, now = new Date()) =>
  db.update(retrainSchedules).set({ nextRunAt: new Date(now.getTime() - 60_000) }).where(eq(retrainSchedules.id, id));

/** A dispatcher that only records the jobs handed to it. */
export function recordingDispatcher() {
  const requested: DispatchedJob[] = [];
  const dispatcher: JobDispatcher = { requested: async (job) => void requested.push(job), cancelled: async () => {} };
  return { dispatcher, requested };
}

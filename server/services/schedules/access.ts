import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { retrainSchedules } from "@/db/schema";
import type { TeamCtx } from "../context";
import { notFound } from "../errors";

export type ScheduleRow = typeof retrainSchedules.$inferSelect;

/** The team's schedule with this id (locked for update when asked); NOT_FOUND otherwise. */
export async function scheduleInTeam(db: Db, ctx: Pick<TeamCtx, "team">, id: string, lock = false): Promise<ScheduleRow> {
  const q = db.select().from(retrainSchedules).where(and(eq(retrainSchedules.teamId, ctx.team.id), eq(retrainSchedules.id, id)));
  const [row] = lock ? await q.for("update") : await q;
  if (!row) throw notFound("schedule");
  return row;
}

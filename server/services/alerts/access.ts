import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { alerts } from "@/db/schema";
import type { TeamCtx } from "../context";
import { notFound } from "../errors";

export type AlertRow = typeof alerts.$inferSelect;

/** The team's alert with this id (locked for update when asked); NOT_FOUND otherwise, as for
 * another team's id. */
export async function alertInTeam(db: Db, ctx: Pick<TeamCtx, "team">, id: string, lock = false): Promise<AlertRow> {
  const q = db.select().from(alerts).where(and(eq(alerts.teamId, ctx.team.id), eq(alerts.id, id)));
  const [row] = lock ? await q.for("update") : await q;
  if (!row) throw notFound("alert");
  return row;
}

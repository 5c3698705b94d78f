import { and, eq } from "drizzle-orm";
import { alerts } from "@/db/schema";
import { requirePermission, type TeamCtx } from "../context";
import { notFound } from "../errors";
import { type AlertView, selectAlertViews } from "./list-alerts";

/** One of the team's alerts as the list shows it (model name, who acknowledged and resolved it). */
export async function getAlert({ ctx, input }: { ctx: TeamCtx; input: { id: string } }): Promise<AlertView> {
  requirePermission(ctx, "alert:read");
  const [row] = await selectAlertViews(ctx.db).where(and(eq(alerts.teamId, ctx.team.id), eq(alerts.id, input.id)));
  if (!row) throw notFound("alert");
  return row;
}

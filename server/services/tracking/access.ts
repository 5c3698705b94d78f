import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { experiments, runs } from "@/db/schema";
import type { TeamCtx } from "../context";
import { notFound, ServiceError } from "../errors";

/** The team's experiment with this id (deleted ones too), or NOT_FOUND. */
export async function experimentInTeam(db: Db, ctx: TeamCtx, id: number) {
  const [row] = await db.select().from(experiments).where(and(eq(experiments.teamId, ctx.team.id), eq(experiments.id, id)));
  if (!row) throw notFound(`experiment ${id}`);
  return row;
}

/** The team's run with this id, or NOT_FOUND. */
export async function runInTeam(db: Db, ctx: TeamCtx, id: string) {
  const [row] = await db.select().from(runs).where(and(eq(runs.teamId, ctx.team.id), eq(runs.id, id)));
  if (!row) throw notFound(`run ${id}`);
  return row;
}

/** Logging into a deleted run is refused, as MLflow does. */
export function requireActiveRun(run: { id: string; lifecycleStage: string }) {
  if (run.lifecycleStage !== "active") throw new ServiceError("BAD_REQUEST", `run ${run.id} is deleted; restore it first`);
}

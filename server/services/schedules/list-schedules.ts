import { z } from "zod";
import { requirePermission, type TeamCtx } from "../context";
import { modelByName } from "../registry/access";
import { ModelName } from "../registry/models";
import { scheduleViews } from "./schedule-view";

/** A model's retraining schedules, oldest first, with their last and next runs. */
export async function listSchedules({ ctx, input }: { ctx: TeamCtx; input: { model: string } }) {
  requirePermission(ctx, "schedule:read");
  const { model: name } = z.object({ model: ModelName }).parse(input);
  const model = await modelByName(ctx.db, ctx, name);
  return scheduleViews(ctx.db, ctx.team.id, { modelId: model.id });
}

import { type TeamCtx, withTx } from "../context";
import { ServiceError } from "../errors";
import { createModelVersion, createRegisteredModel } from "./models";

/**
 * Registers a run's stored model (`runs:/<run>/model`) as the next version of a registered
 * model, creating the model first when the team has none of that name (training's "register the
 * result"). The version snapshots the run's metrics and signature (createModelVersion). One
 * transaction: a run that is not the team's leaves no new, empty model behind.
 */
export async function registerRunModel(ctx: TeamCtx, input: { model: string; runId: string; description?: string }) {
  return withTx(ctx, async (db) => {
    const tx = { ...ctx, db };
    try {
      await createRegisteredModel({ ctx: tx, input: { name: input.model } });
    } catch (err) {
      if (!(err instanceof ServiceError && err.code === "CONFLICT")) throw err;
    }
    const { version } = await createModelVersion({
      ctx: tx,
      input: { name: input.model, source: `runs:/${input.runId}/model`, runId: input.runId, description: input.description },
    });
    return { name: input.model, version: version.version };
  });
}

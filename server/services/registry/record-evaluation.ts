import { eq, sql } from "drizzle-orm";
import { modelVersions } from "@/db/schema";
import { recordAudit } from "../audit/record-audit";
import { requirePermission, type TeamCtx, withTx } from "../context";
import { modelByName, versionOf } from "./access";

/** The version tag an evaluation on a dataset is kept under: `evaluation:<dataset>:<symbol>`. */
export const evaluationTag = (dataset: string, symbol: string) => `evaluation:${dataset}:${symbol}`.slice(0, 250);

/**
 * Records on a version how it did on a dataset (cross-ticker evaluation: trained on SPX, run on
 * AAPL): a version tag holding the evaluation's summary as JSON (the latest per dataset and
 * symbol), audited.
 */
export async function recordVersionEvaluation(ctx: TeamCtx, input: { name: string; version: number; dataset: string; symbol: string; summary: Record<string, unknown> }) {
  requirePermission(ctx, "model:write");
  const key = evaluationTag(input.dataset, input.symbol);
  const value = JSON.stringify(input.summary);
  return withTx(ctx, async (tx) => {
    const model = await modelByName(tx, ctx, input.name);
    const version = await versionOf(tx, model.id, input.version);
    await tx
      .update(modelVersions)
      .set({ tags: sql`${modelVersions.tags} || ${JSON.stringify({ [key]: value })}::jsonb`, updatedAt: new Date() })
      .where(eq(modelVersions.id, version.id));
    await recordAudit(tx, ctx, { action: "model.version.evaluate", targetType: "model_version", targetId: version.id, after: { [key]: input.summary } });
    return { key };
  });
}

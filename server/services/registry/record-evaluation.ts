import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { modelVersions } from "@/db/schema";
import { recordAudit } from "../audit/record-audit";
import { requirePermission, type TeamCtx, withTx } from "../context";
import { modelByName, versionOf } from "./access";

const EVALUATION_PREFIX = "evaluation:";

/** The version tag an evaluation on a dataset is kept under: `evaluation:<dataset>:<symbol>`. */
export const evaluationTag = (dataset: string, symbol: string) => `${EVALUATION_PREFIX}${dataset}:${symbol}`.slice(0, 250);

/** What an evaluation tag holds: where its figures come from, then its metrics (null: NaN). */
const EvaluationSummary = z
  .object({ runId: z.string().optional(), backtestId: z.string().optional(), start: z.string().optional(), end: z.string().optional() })
  .catchall(z.number().nullable());

/**
 * The evaluations recorded on a version, from its tags, by dataset then symbol. A dataset name may
 * hold colons, a symbol does not: the symbol is what follows the last one. A tag of that name
 * that is not a summary (set by hand through the MLflow API) is not an evaluation and is left out.
 */
export function versionEvaluations(tags: Record<string, string>) {
  return Object.entries(tags)
    .flatMap(([key, value]) => {
      if (!key.startsWith(EVALUATION_PREFIX)) return [];
      const rest = key.slice(EVALUATION_PREFIX.length);
      const cut = rest.lastIndexOf(":");
      let json: unknown;
      try {
        json = JSON.parse(value);
      } catch {
        return [];
      }
      const parsed = EvaluationSummary.safeParse(json);
      if (cut < 0 || !parsed.success) return [];
      const { runId, backtestId, start, end, ...metrics } = parsed.data;
      return [{ dataset: rest.slice(0, cut), symbol: rest.slice(cut + 1), runId: runId ?? null, backtestId: backtestId ?? null, start: start ?? null, end: end ?? null, metrics: metrics as Record<string, number | null> }];
    })
    .sort((a, b) => a.dataset.localeCompare(b.dataset) || a.symbol.localeCompare(b.symbol));
}

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

import { and, asc, eq, exists, getTableColumns, ilike, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { modelVersions, registeredModels, STAGES, type Stage } from "@/db/schema";
import { requirePermission, type TeamCtx } from "../context";
import { escapeLike } from "../like-pattern";

export const ListModelsInput = z.object({
  /** Part of the name, matched case-insensitively (`%` and `_` are literal characters). */
  search: z.string().trim().max(250, { message: "search must be at most 250 characters" }).optional(),
  /** Only models with at least one version in this stage. */
  stage: z.enum(STAGES, { message: `stage must be one of ${STAGES.join(", ")}` }).optional(),
  limit: z.number().int().min(1).max(500, { message: "limit must be at most 500" }).default(100),
  /** Where the page starts: 0, then the previous page's `nextCursor` (an offset into the matches). */
  cursor: z.number().int().min(0, { message: "cursor must not be negative" }).default(0),
});

interface SummaryQuery {
  /** A LIKE pattern on the name (ILIKE), as MLflow's `name LIKE '...'` filter gives it. */
  namePattern?: string;
  stage?: Stage;
  limit?: number;
  offset?: number;
}

/**
 * One query for a page of the team's models with their version summaries: the models matching
 * the filters are picked and counted first (`count(*) over ()` before LIMIT), and only the page's
 * models get their versions aggregated (a lateral join over the (model_id, version) index), so
 * the cost follows the page, not the registry.
 */
export async function modelSummaries(db: Db, teamId: string, q: SummaryQuery) {
  const matching = db.$with("matching").as(
    db
      .select({ ...getTableColumns(registeredModels), total: sql<number>`count(*) over ()`.mapWith(Number).as("total") })
      .from(registeredModels)
      .where(
        and(
          eq(registeredModels.teamId, teamId),
          q.namePattern === undefined ? undefined : ilike(registeredModels.name, q.namePattern),
          q.stage === undefined
            ? undefined
            : exists(db.select({ one: sql`1` }).from(modelVersions).where(and(eq(modelVersions.modelId, registeredModels.id), eq(modelVersions.stage, q.stage)))),
        ),
      )
      .orderBy(asc(registeredModels.name))
      .limit(q.limit ?? Number.MAX_SAFE_INTEGER)
      .offset(q.offset ?? 0),
  );
  const versions = db
    .select({
      versionCount: sql<number>`count(*)`.mapWith(Number).as("version_count"),
      latestVersion: sql<number | null>`max(${modelVersions.version})`.as("latest_version"),
      latestStage: sql<Stage | null>`(array_agg(${modelVersions.stage} order by ${modelVersions.version} desc))[1]`.as("latest_stage"),
      production: sql<number | null>`max(${modelVersions.version}) filter (where ${modelVersions.stage} = 'Production')`.as("production"),
      staging: sql<number | null>`max(${modelVersions.version}) filter (where ${modelVersions.stage} = 'Staging')`.as("staging"),
    })
    .from(modelVersions)
    .where(eq(modelVersions.modelId, matching.id))
    .as("versions");
  // An aggregate without GROUP BY always gives one row, so every model has its summary.
  const rows = await db.with(matching).select().from(matching).leftJoinLateral(versions, sql`true`).orderBy(asc(matching.name));
  return {
    total: rows[0]?.matching.total ?? 0,
    items: rows.map(({ matching: { total: _total, ...model }, versions: summary }) => ({ ...model, ...summary! })),
  };
}

export type ModelSummary = Awaited<ReturnType<typeof modelSummaries>>["items"][number];

/**
 * The registry list page: the team's models by name, filtered by part of the name and by stage,
 * a page at a time, each with its version count, latest version (and its stage) and latest
 * Production and Staging versions. `total` counts every match (0 when `cursor` is past the end).
 */
export async function listRegisteredModels({ ctx, input }: { ctx: TeamCtx; input: z.input<typeof ListModelsInput> }) {
  requirePermission(ctx, "model:read");
  const { search, stage, limit, cursor } = ListModelsInput.parse(input);
  const page = await modelSummaries(ctx.db, ctx.team.id, { namePattern: search ? `%${escapeLike(search)}%` : undefined, stage, limit, offset: cursor });
  const end = cursor + page.items.length;
  return { ...page, nextCursor: end < page.total ? end : null };
}

import { and, asc, eq, ilike } from "drizzle-orm";
import { z } from "zod";
import { experiments, experimentTags } from "@/db/schema";
import { requirePermission, type TeamCtx, withTx } from "../context";
import { notFound, ServiceError } from "../errors";
import { experimentInTeam } from "./access";
import { ExperimentId, Key, MAX_TAG_VALUE } from "./schemas";

const Name = z.string().trim().min(1, { message: "name must not be empty" }).max(500);

export const CreateExperimentInput = z.object({
  name: Name,
  tags: z.array(z.object({ key: Key, value: z.string().max(MAX_TAG_VALUE) })).max(100).default([]),
});

async function withTags(ctx: TeamCtx, exp: typeof experiments.$inferSelect) {
  const tags = await ctx.db.select({ key: experimentTags.key, value: experimentTags.value }).from(experimentTags).where(eq(experimentTags.experimentId, exp.id));
  return { ...exp, tags };
}

export async function createExperiment({ ctx, input }: { ctx: TeamCtx; input: z.input<typeof CreateExperimentInput> }) {
  requirePermission(ctx, "run:log");
  const { name, tags } = CreateExperimentInput.parse(input);
  return withTx(ctx, async (tx) => {
    const [exp] = await tx.insert(experiments).values({ teamId: ctx.team.id, name }).onConflictDoNothing().returning();
    if (!exp) throw new ServiceError("CONFLICT", `experiment "${name}" already exists`, "name");
    if (tags.length) await tx.insert(experimentTags).values(tags.map((t) => ({ ...t, experimentId: exp.id, teamId: ctx.team.id })));
    return exp;
  });
}

export async function getExperiment({ ctx, input }: { ctx: TeamCtx; input: { experimentId: unknown } }) {
  requirePermission(ctx, "run:read");
  return withTags(ctx, await experimentInTeam(ctx.db, ctx, ExperimentId.parse(input.experimentId)));
}

export async function getExperimentByName({ ctx, input }: { ctx: TeamCtx; input: { name: string } }) {
  requirePermission(ctx, "run:read");
  const [exp] = await ctx.db.select().from(experiments).where(and(eq(experiments.teamId, ctx.team.id), eq(experiments.name, Name.parse(input.name))));
  if (!exp) throw notFound(`experiment "${input.name}"`);
  return withTags(ctx, exp);
}

export const SearchExperimentsInput = z.object({
  /** Only `name LIKE '...'` / `name = '...'` filters, the ones the MLflow UI sends. */
  nameLike: z.string().optional(),
  viewType: z.enum(["ACTIVE_ONLY", "DELETED_ONLY", "ALL"]).default("ACTIVE_ONLY"),
  maxResults: z.number().int().min(1).max(50_000).default(1000),
  offset: z.number().int().min(0).default(0),
});

export async function searchExperiments({ ctx, input }: { ctx: TeamCtx; input: z.input<typeof SearchExperimentsInput> }) {
  requirePermission(ctx, "run:read");
  const { nameLike, viewType, maxResults, offset } = SearchExperimentsInput.parse(input);
  const rows = await ctx.db
    .select()
    .from(experiments)
    .where(
      and(
        eq(experiments.teamId, ctx.team.id),
        viewType === "ALL" ? undefined : eq(experiments.lifecycleStage, viewType === "ACTIVE_ONLY" ? "active" : "deleted"),
        nameLike ? ilike(experiments.name, nameLike) : undefined,
      ),
    )
    .orderBy(asc(experiments.id))
    .limit(maxResults + 1)
    .offset(offset);
  const page = await Promise.all(rows.slice(0, maxResults).map((e) => withTags(ctx, e)));
  return { items: page, nextOffset: rows.length > maxResults ? offset + maxResults : null };
}

export async function renameExperiment({ ctx, input }: { ctx: TeamCtx; input: { experimentId: unknown; newName: string } }) {
  requirePermission(ctx, "run:log");
  const id = ExperimentId.parse(input.experimentId);
  const newName = Name.parse(input.newName);
  await experimentInTeam(ctx.db, ctx, id);
  const [taken] = await ctx.db.select({ id: experiments.id }).from(experiments).where(and(eq(experiments.teamId, ctx.team.id), eq(experiments.name, newName)));
  if (taken && taken.id !== id) throw new ServiceError("CONFLICT", `experiment "${newName}" already exists`, "new_name");
  const [row] = await ctx.db
    .update(experiments)
    .set({ name: newName, updatedAt: new Date() })
    .where(and(eq(experiments.teamId, ctx.team.id), eq(experiments.id, id)))
    .returning();
  return row!;
}

/** Soft delete (MLflow moves it to the `deleted` lifecycle stage; its runs stay). */
export async function setExperimentLifecycle({ ctx, input }: { ctx: TeamCtx; input: { experimentId: unknown; stage: "active" | "deleted" } }) {
  requirePermission(ctx, "run:delete");
  const id = ExperimentId.parse(input.experimentId);
  await experimentInTeam(ctx.db, ctx, id);
  await ctx.db.update(experiments).set({ lifecycleStage: input.stage, updatedAt: new Date() }).where(and(eq(experiments.teamId, ctx.team.id), eq(experiments.id, id)));
}

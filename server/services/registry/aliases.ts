import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { modelAliases, modelEvents, modelVersions } from "@/db/schema";
import { actorUserId, requirePermission, type TeamCtx, withTx } from "../context";
import { notFound } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { modelByName, versionOf } from "./access";
import { bumpRegistryGeneration } from "./changes";
import { ModelName } from "./models";

const Alias = z
  .string()
  .regex(/^[A-Za-z][\w-]{0,254}$/, { message: "an alias starts with a letter and holds letters, digits, _ and -" })
  .refine((a) => !/^v\d+$/i.test(a) && a.toLowerCase() !== "latest", { message: "aliases like v1 and 'latest' are reserved" });

/** Points an alias (`champion`, `challenger`, any name) at a version; the move is recorded. */
export async function setAlias({ ctx, input }: { ctx: TeamCtx; input: { name: string; alias: string; version: number | string } }) {
  requirePermission(ctx, "model:write");
  const name = ModelName.parse(input.name);
  const alias = Alias.parse(input.alias);
  const versionNo = z.coerce.number().int().positive().parse(input.version);
  return withTx(ctx, async (tx) => {
    const model = await modelByName(tx, ctx, name, true);
    const version = await versionOf(tx, model.id, versionNo);
    const [before] = await tx
      .select({ version: modelVersions.version })
      .from(modelAliases)
      .innerJoin(modelVersions, eq(modelVersions.id, modelAliases.versionId))
      .where(and(eq(modelAliases.modelId, model.id), eq(modelAliases.alias, alias)));
    await tx
      .insert(modelAliases)
      .values({ modelId: model.id, teamId: ctx.team.id, alias, versionId: version.id })
      .onConflictDoUpdate({ target: [modelAliases.modelId, modelAliases.alias], set: { versionId: version.id, updatedAt: new Date() } });
    bumpRegistryGeneration();
    await tx.insert(modelEvents).values({
      teamId: ctx.team.id, modelId: model.id, kind: "alias", alias, versionId: version.id,
      fromValue: before ? String(before.version) : null, toValue: String(version.version), actorUserId: actorUserId(ctx.actor),
    });
    await recordAudit(tx, ctx, { action: "model.alias.set", targetType: "registered_model", targetId: model.id, before: before ? { alias, version: before.version } : null, after: { alias, version: version.version } });
    return { alias, version: version.version };
  });
}

export async function deleteAlias({ ctx, input }: { ctx: TeamCtx; input: { name: string; alias: string } }) {
  requirePermission(ctx, "model:write");
  const name = ModelName.parse(input.name);
  return withTx(ctx, async (tx) => {
    const model = await modelByName(tx, ctx, name, true);
    const [gone] = await tx.delete(modelAliases).where(and(eq(modelAliases.modelId, model.id), eq(modelAliases.alias, input.alias))).returning();
    if (!gone) throw notFound(`alias "${input.alias}"`);
    bumpRegistryGeneration();
    await tx.insert(modelEvents).values({ teamId: ctx.team.id, modelId: model.id, kind: "alias", alias: input.alias, versionId: gone.versionId, toValue: null, actorUserId: actorUserId(ctx.actor) });
    await recordAudit(tx, ctx, { action: "model.alias.delete", targetType: "registered_model", targetId: model.id, before: { alias: input.alias } });
  });
}

export async function getVersionByAlias({ ctx, input }: { ctx: TeamCtx; input: { name: string; alias: string } }) {
  requirePermission(ctx, "model:read");
  const model = await modelByName(ctx.db, ctx, ModelName.parse(input.name));
  const [row] = await ctx.db
    .select({ version: modelVersions })
    .from(modelAliases)
    .innerJoin(modelVersions, eq(modelVersions.id, modelAliases.versionId))
    .where(and(eq(modelAliases.modelId, model.id), eq(modelAliases.alias, input.alias)));
  if (!row) throw notFound(`alias "${input.alias}" of "${model.name}"`);
  return row.version;
}

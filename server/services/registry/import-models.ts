import { z } from "zod";
import { modelEvents, modelVersions, registeredModels, STAGES } from "@/db/schema";
import { recordAudits } from "../audit/record-audit";
import { actorUserId, requirePermission, type TeamCtx, withTx } from "../context";
import { ServiceError } from "../errors";
import { GatesInput, ModelName } from "./models";

const ImportedVersion = z.object({
  source: z.string().min(1).max(2000),
  stage: z.enum(STAGES, { message: `stage must be one of ${STAGES.join(", ")}` }).default("None"),
  description: z.string().max(5000).default(""),
  signature: z.object({ features: z.array(z.string()).optional(), featureSpecHash: z.string().optional() }).nullable().default(null),
  metrics: z.record(z.string(), z.number()).default({}),
  tags: z.record(z.string(), z.string()).default({}),
});

export const ImportModelsInput = z.object({
  models: z
    .array(
      z.object({
        name: ModelName,
        description: z.string().max(5000).default(""),
        gates: GatesInput.default({}),
        /** Oldest first: they become versions 1, 2, ... */
        versions: z.array(ImportedVersion).max(1000, { message: "at most 1,000 versions per model" }),
      }),
    )
    .max(1000, { message: "at most 1,000 models per import" }),
});

/** Rows per INSERT: well under PostgreSQL's 65,535 bind parameters at ~12 columns a row. */
const ROWS_PER_INSERT = 2000;

const chunks = <T>(xs: T[]) => Array.from({ length: Math.ceil(xs.length / ROWS_PER_INSERT) }, (_, i) => xs.slice(i * ROWS_PER_INSERT, (i + 1) * ROWS_PER_INSERT));

/**
 * Registers many models with their versions in one transaction with multi-row inserts (seeding,
 * migrations from another registry). A name the team already has is skipped with its versions,
 * so running the same import twice adds nothing. Versions arriving in a stage other than None
 * get their timeline event; every created model gets one audit row listing them. A Production
 * version skips the review, so importing one takes a reviewer's permission.
 */
export async function importRegisteredModels({ ctx, input }: { ctx: TeamCtx; input: z.input<typeof ImportModelsInput> }) {
  requirePermission(ctx, "model:write");
  const { models } = ImportModelsInput.parse(input);
  const seen = new Set<string>();
  models.forEach((m, i) => {
    if (seen.has(m.name)) throw new ServiceError("BAD_REQUEST", `models[${i}].name: "${m.name}" appears twice`, `models[${i}].name`);
    seen.add(m.name);
    if (m.versions.filter((v) => v.stage === "Production").length > 1) {
      throw new ServiceError("BAD_REQUEST", `models[${i}].versions: at most one version may be in Production`, `models[${i}].versions`);
    }
  });
  if (models.some((m) => m.versions.some((v) => v.stage === "Production"))) requirePermission(ctx, "transition:approve");
  const createdBy = actorUserId(ctx.actor);

  return withTx(ctx, async (tx) => {
    const created: { id: string; name: string }[] = [];
    for (const part of chunks(models)) {
      created.push(
        ...(await tx
          .insert(registeredModels)
          .values(part.map((m) => ({ teamId: ctx.team.id, name: m.name, description: m.description, gates: m.gates })))
          .onConflictDoNothing()
          .returning({ id: registeredModels.id, name: registeredModels.name })),
      );
    }
    const idOf = new Map(created.map((m) => [m.name, m.id]));
    const fresh = models.filter((m) => idOf.has(m.name));
    const versionRows = fresh.flatMap((m) =>
      m.versions.map((v, i) => ({ ...v, teamId: ctx.team.id, modelId: idOf.get(m.name)!, version: i + 1, createdBy })),
    );
    const staged: { id: string; modelId: string; stage: (typeof STAGES)[number] }[] = [];
    for (const part of chunks(versionRows)) {
      const rows = await tx
        .insert(modelVersions)
        .values(part)
        .returning({ id: modelVersions.id, modelId: modelVersions.modelId, stage: modelVersions.stage });
      staged.push(...rows.filter((r) => r.stage !== "None"));
    }
    for (const part of chunks(staged)) {
      await tx.insert(modelEvents).values(
        part.map((v) => ({ teamId: ctx.team.id, modelId: v.modelId, kind: "stage", versionId: v.id, fromValue: "None", toValue: v.stage, actorUserId: createdBy })),
      );
    }
    const audits = fresh.map((m) => ({
      action: "model.import",
      targetType: "registered_model",
      targetId: idOf.get(m.name)!,
      after: {
        model: m.name,
        versions: m.versions.length,
        stages: Object.fromEntries(m.versions.flatMap((v, i) => (v.stage === "None" ? [] : [[i + 1, v.stage]]))),
      },
    }));
    for (const part of chunks(audits)) await recordAudits(tx, ctx, part);
    return { created: created.length, versions: versionRows.length, skipped: models.filter((m) => !idOf.has(m.name)).map((m) => m.name) };
  });
}

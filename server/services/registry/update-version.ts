import { eq } from "drizzle-orm";
import { z } from "zod";
import { modelVersions } from "@/db/schema";
import { recordAudit } from "../audit/record-audit";
import { requirePermission, type TeamCtx, withTx } from "../context";
import { modelByName, versionOf } from "./access";
import { VersionRef } from "./stages";

export const UpdateVersionInput = z.object({ description: z.string().max(5000, { message: "description must be at most 5000 characters" }) });

/** Edits a version's description (MLflow `model-versions/update`); stage, source and metrics stay as registered. */
export async function updateModelVersion({ ctx, input }: { ctx: TeamCtx; input: { name: string; version: number | string; description: unknown } }) {
  requirePermission(ctx, "model:write");
  const ref = VersionRef.parse(input);
  const { description } = UpdateVersionInput.parse(input);
  return withTx(ctx, async (tx) => {
    const model = await modelByName(tx, ctx, ref.name);
    const version = await versionOf(tx, model.id, ref.version);
    const [row] = await tx.update(modelVersions).set({ description, updatedAt: new Date() }).where(eq(modelVersions.id, version.id)).returning();
    await recordAudit(tx, ctx, {
      action: "model.version.update",
      targetType: "model_version",
      targetId: version.id,
      before: { description: version.description },
      after: { description },
    });
    return row!;
  });
}

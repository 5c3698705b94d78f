import { z } from "zod";
import type { TeamCtx } from "../context";
import { requirePermission } from "../context";
import { notFound } from "../errors";
import { getVersionByAlias } from "./aliases";
import { modelByName, productionVersion, versionOf } from "./access";
import { ModelName } from "./models";

/** A version by number, by alias, or (neither given) the model's Production version. */
export const VersionSelector = z
  .object({
    name: ModelName,
    version: z.number().int().positive({ message: "version must be a positive integer" }).optional(),
    alias: z.string().trim().min(1).max(250).optional(),
  })
  .refine((v) => v.version === undefined || v.alias === undefined, { message: "give a version or an alias, not both", path: ["alias"] });

export async function resolveVersion(ctx: TeamCtx, input: z.input<typeof VersionSelector>) {
  requirePermission(ctx, "model:read");
  const sel = VersionSelector.parse(input);
  const model = await modelByName(ctx.db, ctx, sel.name);
  if (sel.alias !== undefined) return { model, version: await getVersionByAlias({ ctx, input: { name: sel.name, alias: sel.alias } }) };
  if (sel.version !== undefined) return { model, version: await versionOf(ctx.db, model.id, sel.version) };
  const production = await productionVersion(ctx.db, model.id);
  if (!production) throw notFound(`a Production version of "${model.name}" (name a version or an alias)`);
  return { model, version: production };
}

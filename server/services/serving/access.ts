import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { deployments, deploymentTargets, modelAliases, modelVersions, registeredModels, type TargetRefKind, type TargetRole } from "@/db/schema";
import type { TeamCtx } from "../context";
import { notFound, ServiceError } from "../errors";
import { modelByName } from "../registry/access";
import type { TargetInput } from "./schemas";

export type DeploymentRow = typeof deployments.$inferSelect;

export async function deploymentByName(db: Db, ctx: TeamCtx, name: string, lock = false): Promise<DeploymentRow> {
  const q = db.select().from(deployments).where(and(eq(deployments.teamId, ctx.team.id), eq(deployments.name, name)));
  const [row] = lock ? await q.for("update") : await q;
  if (!row) throw notFound(`deployment "${name}"`);
  return row;
}

/** A target as stored: the model and how it names its version. */
export interface TargetRef {
  modelId: string;
  refKind: TargetRefKind;
  ref: string;
}

/** A target as the API shows it: `{ model, alias | stage | version }`. */
export type TargetView = { model: string } & ({ alias: string } | { stage: string } | { version: number });

export function targetView(modelName: string, t: Pick<TargetRef, "refKind" | "ref">): TargetView {
  if (t.refKind === "alias") return { model: modelName, alias: t.ref };
  if (t.refKind === "stage") return { model: modelName, stage: t.ref };
  return { model: modelName, version: Number(t.ref) };
}

/** How a target names its version, as SQL over `deployment_targets` joined to the model's
 * versions and aliases: the alias's version, a version in the stage, or the version number. */
const namesVersion = sql`(
  (${deploymentTargets.refKind} = 'alias' and ${modelVersions.id} = ${modelAliases.versionId})
  or (${deploymentTargets.refKind} = 'stage' and ${modelVersions.stage}::text = ${deploymentTargets.ref})
  or (${deploymentTargets.refKind} = 'version' and ${modelVersions.version}::text = ${deploymentTargets.ref}))`;

export interface ResolvedTarget {
  deploymentId: string;
  role: TargetRole;
  modelName: string;
  refKind: TargetRefKind;
  ref: string;
  /** The version the target names now; null when its alias, stage or version is gone. */
  version: { id: string; version: number; runId: string | null; source: string } | null;
}

/**
 * Every target of these deployments with the version it names now, in one query. A stage held
 * by several versions (Staging) resolves to the newest.
 */
export async function resolveTargets(db: Db, deploymentIds: string[]): Promise<ResolvedTarget[]> {
  if (!deploymentIds.length) return [];
  const rows = await db
    .select({
      deploymentId: deploymentTargets.deploymentId,
      role: deploymentTargets.role,
      modelName: registeredModels.name,
      refKind: deploymentTargets.refKind,
      ref: deploymentTargets.ref,
      version: { id: modelVersions.id, version: modelVersions.version, runId: modelVersions.runId, source: modelVersions.source },
    })
    .from(deploymentTargets)
    .innerJoin(registeredModels, eq(registeredModels.id, deploymentTargets.modelId))
    .leftJoin(modelAliases, and(eq(deploymentTargets.refKind, "alias"), eq(modelAliases.modelId, deploymentTargets.modelId), eq(modelAliases.alias, deploymentTargets.ref)))
    .leftJoin(modelVersions, and(eq(modelVersions.modelId, deploymentTargets.modelId), namesVersion))
    .where(inArray(deploymentTargets.deploymentId, deploymentIds))
    .orderBy(deploymentTargets.deploymentId, deploymentTargets.role, desc(modelVersions.version));
  const seen = new Set<string>();
  const out: ResolvedTarget[] = [];
  for (const r of rows) {
    const key = `${r.deploymentId}:${r.role}`;
    if (seen.has(key)) continue; // an older version in the same stage
    seen.add(key);
    out.push({ ...r, version: r.version?.id ? r.version : null });
  }
  return out;
}

/** A target input checked against the registry: the model exists in the team and the alias,
 * stage or version names a version now (a deployment must be able to answer when created). */
export async function checkTarget(db: Db, ctx: TeamCtx, input: TargetInput, field: string) {
  const model = await modelByName(db, ctx, input.model).catch((err: unknown) => {
    throw err instanceof ServiceError ? new ServiceError(err.code, `${field}: ${err.message}`, `${field}.model`) : err;
  });
  const ref: TargetRef =
    input.alias !== undefined
      ? { modelId: model.id, refKind: "alias", ref: input.alias }
      : input.stage !== undefined
        ? { modelId: model.id, refKind: "stage", ref: input.stage }
        : { modelId: model.id, refKind: "version", ref: String(input.version) };
  const cond =
    ref.refKind === "alias"
      ? eq(modelVersions.id, db.select({ id: modelAliases.versionId }).from(modelAliases).where(and(eq(modelAliases.modelId, model.id), eq(modelAliases.alias, ref.ref))))
      : ref.refKind === "stage"
        ? sql`${modelVersions.stage}::text = ${ref.ref}`
        : eq(modelVersions.version, Number(ref.ref));
  const [version] = await db
    .select()
    .from(modelVersions)
    .where(and(eq(modelVersions.modelId, model.id), cond))
    .orderBy(desc(modelVersions.version))
    .limit(1);
  if (!version) throw new ServiceError("CONFLICT", `${field}: ${describeRef(ref)} of "${model.name}" names no version`, field);
  return { ref, model, version };
}

export const describeRef = (t: Pick<TargetRef, "refKind" | "ref">) => (t.refKind === "version" ? `version ${t.ref}` : t.refKind === "alias" ? `alias "${t.ref}"` : `stage ${t.ref}`);

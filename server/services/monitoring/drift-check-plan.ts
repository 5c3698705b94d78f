import type { ModelSignature } from "@/server/quant/models/bundle";
import { requirePermission, type TeamCtx } from "../context";
import { ServiceError } from "../errors";
import { readVersionBundle } from "../registry/version-bundle";
import { deploymentPrimary } from "./access";
import { versionTrainingWindow } from "./training-window";

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * What a drift check of a deployment needs to know, as plain JSON (a job step's result): the
 * version its primary names now, that version's signature and validation figures (its metrics
 * snapshot) and its training window (the run, the bars to load, the window as epoch ms, null
 * when open). A version whose features cannot be recomputed (no
 * feature spec in its signature) or whose training window is unknown is a CONFLICT saying so.
 */
export async function loadDriftCheckPlan(ctx: TeamCtx, input: { deployment: string }) {
  requirePermission(ctx, "monitor:run");
  const { deployment, model, version } = await deploymentPrimary(ctx.db, ctx, input.deployment);
  const { signature } = await readVersionBundle(ctx, { model, version: version.version, runId: version.runId, source: version.source });
  const what = `version ${version.version} of "${model}"`;
  if (signature.featureSpec === undefined || signature.featureSpec === null) {
    throw new ServiceError("CONFLICT", `${what} has no feature spec in its signature: its training window's features cannot be recomputed`);
  }
  const w = await versionTrainingWindow(ctx, { model, version: version.version, runId: version.runId });
  return {
    deployment: { id: deployment.id, name: deployment.name },
    version: { id: version.id, modelId: version.modelId, model, version: version.version, metrics: version.metrics },
    signature: { task: signature.task, features: signature.features, featureSpec: signature.featureSpec, label: signature.label ?? null, classes: signature.classes ?? null } satisfies Partial<Record<keyof ModelSignature, unknown>>,
    training: {
      runId: w.runId,
      basis: w.basis,
      /** The bars to load: the dataset version up to the window's last day. */
      target: { datasetId: w.datasetId, version: w.datasetVersion, ...(w.symbol ? { symbol: w.symbol } : {}), ...(Number.isFinite(w.toMs) ? { end: dayOf(w.toMs - 1) } : {}) },
      fromMs: Number.isFinite(w.fromMs) ? w.fromMs : null,
      toMs: Number.isFinite(w.toMs) ? w.toMs : null,
    },
  };
}
export type DriftCheckPlan = Awaited<ReturnType<typeof loadDriftCheckPlan>>;

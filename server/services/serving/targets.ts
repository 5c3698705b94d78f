import type { DeploymentMode, TargetRole } from "@/db/schema";
import type { TeamCtx } from "../context";
import { ServiceError } from "../errors";
import { checkTarget, type TargetRef } from "./access";
import { withServedVersion } from "./model-cache";
import type { TargetInput } from "./schemas";

export interface DeploymentPlan {
  mode: DeploymentMode;
  primary: TargetInput;
  secondary?: TargetInput | null;
  challengerWeight?: number;
  interval?: { lower: TargetInput; upper: TargetInput } | null;
}

export const DEFAULT_CHALLENGER_WEIGHT = 0.5;

/** The mode's rules on the secondary target and the weight; returns the weight to store. */
function checkMode(plan: DeploymentPlan): number {
  if (plan.mode === "single") {
    if (plan.secondary) throw new ServiceError("BAD_REQUEST", "a single deployment has no secondary target: choose ab or shadow, or remove it", "secondary");
  } else if (!plan.secondary) {
    throw new ServiceError("BAD_REQUEST", plan.mode === "ab" ? "an ab deployment needs a challenger: set secondary" : "a shadow deployment needs a shadow target: set secondary", "secondary");
  }
  if (plan.mode !== "ab") {
    if (plan.challengerWeight) throw new ServiceError("BAD_REQUEST", "challengerWeight applies to ab deployments only", "challengerWeight");
    return 0;
  }
  return plan.challengerWeight ?? DEFAULT_CHALLENGER_WEIGHT;
}

/**
 * Checks a deployment's whole configuration: the mode's rules, every target names a version of
 * the team's models now, and interval bounds are quantile regressors over the primary's features
 * with the lower quantile below the upper (their bundles are loaded, which also warms the cache).
 * Returns the targets to store, by role, and the challenger weight.
 */
export async function checkDeploymentPlan(ctx: TeamCtx, plan: DeploymentPlan): Promise<{ targets: (TargetRef & { role: TargetRole })[]; challengerWeight: number }> {
  const challengerWeight = checkMode(plan);
  const primary = await checkTarget(ctx.db, ctx, plan.primary, "primary");
  const targets: (TargetRef & { role: TargetRole })[] = [{ role: "primary", ...primary.ref }];
  if (plan.secondary) targets.push({ role: "secondary", ...(await checkTarget(ctx.db, ctx, plan.secondary, "secondary")).ref });
  if (plan.interval) {
    const lower = await checkTarget(ctx.db, ctx, plan.interval.lower, "interval.lower");
    const upper = await checkTarget(ctx.db, ctx, plan.interval.upper, "interval.upper");
    const load = (c: typeof primary) =>
      withServedVersion(ctx, { id: c.version.id, model: c.model.name, version: c.version.version, runId: c.version.runId, source: c.version.source }, (s) => s.signature);
    const [p, lo, up] = await Promise.all([load(primary), load(lower), load(upper)]);
    for (const [sig, field] of [[lo, "interval.lower"], [up, "interval.upper"]] as const) {
      if (sig.task !== "regression" || sig.quantileAlpha === undefined) throw new ServiceError("BAD_REQUEST", `${field} must be a quantile regressor (its signature has no quantileAlpha)`, field);
      if (sig.features.join() !== p.features.join()) throw new ServiceError("BAD_REQUEST", `${field} must take the primary's features in the same order`, field);
    }
    if (!(lo.quantileAlpha! < up.quantileAlpha!)) {
      throw new ServiceError("BAD_REQUEST", `interval.lower's quantile (${lo.quantileAlpha}) must be below interval.upper's (${up.quantileAlpha})`, "interval");
    }
    targets.push({ role: "interval_lower", ...lower.ref }, { role: "interval_upper", ...upper.ref });
  }
  return { targets, challengerWeight };
}

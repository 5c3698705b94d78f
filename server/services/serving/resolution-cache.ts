/**
 * What a deployment serves right now (its settings and the version each target names), cached
 * so a busy endpoint does not query the registry on every request. An entry lives RESOLUTION_TTL_MS
 * and no longer than the registry generation it was read at (registry/changes.ts): in this
 * process, the request after an alias or stage move resolves the new version; other processes
 * see it within the TTL. Deployment writes forget their entry.
 */
import type { DeploymentMode, DeploymentStatus } from "@/db/schema";
import type { TeamCtx } from "../context";
import { ServiceError } from "../errors";
import { registryGeneration } from "../registry/changes";
import { deploymentByName, describeRef, resolveTargets, type ResolvedTarget } from "./access";
import type { VersionToLoad } from "./model-cache";

export const RESOLUTION_TTL_MS = 1000;

export interface ResolvedDeployment {
  id: string;
  name: string;
  mode: DeploymentMode;
  status: DeploymentStatus;
  challengerWeight: number;
  logSampleRate: number;
  primary: VersionToLoad;
  /** The challenger or shadow; null when there is none or it names no version now (then
   * the primary answers every request and nothing shadows it). */
  secondary: VersionToLoad | null;
  /** Quantile interval bounds; null unless both name a version. */
  interval: { lower: VersionToLoad; upper: VersionToLoad } | null;
}

interface Entry {
  at: number;
  generation: number;
  value: Promise<ResolvedDeployment>;
}

const holder = globalThis as unknown as { foldlineDeploymentResolutions?: Map<string, Entry> };
// On globalThis: deployment writes (tRPC bundle) must reach the predict route's cache.
const entries = (holder.foldlineDeploymentResolutions ??= new Map<string, Entry>());
const keyOf = (teamId: string, name: string) => `${teamId}\n${name}`;

const toLoad = (t: ResolvedTarget | undefined): VersionToLoad | null =>
  t?.version ? { id: t.version.id, model: t.modelName, version: t.version.version, runId: t.version.runId, source: t.version.source } : null;

async function resolve(ctx: TeamCtx, name: string): Promise<ResolvedDeployment> {
  const d = await deploymentByName(ctx.db, ctx, name);
  const targets = await resolveTargets(ctx.db, [d.id]);
  const byRole = (role: ResolvedTarget["role"]) => targets.find((t) => t.role === role);
  const primaryTarget = byRole("primary");
  const primary = toLoad(primaryTarget);
  if (!primary) {
    const what = primaryTarget ? `${describeRef(primaryTarget)} of "${primaryTarget.modelName}"` : "its model was deleted";
    throw new ServiceError("CONFLICT", `deployment "${name}" cannot answer: its primary target names no version (${what})`);
  }
  const lower = toLoad(byRole("interval_lower"));
  const upper = toLoad(byRole("interval_upper"));
  return {
    id: d.id,
    name: d.name,
    mode: d.mode,
    status: d.status,
    challengerWeight: d.challengerWeight,
    logSampleRate: d.logSampleRate,
    primary,
    secondary: d.mode === "single" ? null : toLoad(byRole("secondary")),
    interval: lower && upper ? { lower, upper } : null,
  };
}

/** The deployment `name` of the caller's team as it stands now (cached; see the module comment). */
export function resolveDeployment(ctx: TeamCtx, name: string): Promise<ResolvedDeployment> {
  const key = keyOf(ctx.team.id, name);
  const now = Date.now();
  const hit = entries.get(key);
  if (hit && now - hit.at < RESOLUTION_TTL_MS && hit.generation === registryGeneration()) return hit.value;
  const entry: Entry = { at: now, generation: registryGeneration(), value: resolve(ctx, name) };
  entries.set(key, entry);
  entry.value.catch(() => {
    if (entries.get(key) === entry) entries.delete(key); // errors are not cached
  });
  if (entries.size > 10_000) entries.delete(entries.keys().next().value!);
  return entry.value;
}

/** Called by deployment writes (after commit), so the next request reads the new settings. */
export function forgetDeployment(teamId: string, name: string): void {
  entries.delete(keyOf(teamId, name));
}

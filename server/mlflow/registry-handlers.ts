/** MLflow's model registry REST endpoints onto Foldline's registry services. */
import { ServiceError } from "@/server/services/errors";
import { deleteAlias, getVersionByAlias, setAlias } from "@/server/services/registry/aliases";
import {
  createModelVersion,
  createRegisteredModel,
  deleteRegisteredModel,
  getRegisteredModel,
  searchRegisteredModels,
  updateRegisteredModel,
} from "@/server/services/registry/models";
import { requestProduction, transitionStage } from "@/server/services/registry/stages";
import { updateModelVersion } from "@/server/services/registry/update-version";
import type { TeamCtx } from "@/server/services/context";
import type { Handler, Method } from "./handlers";

type Version = Awaited<ReturnType<typeof getRegisteredModel>>["versions"][number];

const str = (v: unknown, field: string) => {
  if (typeof v !== "string" || !v) throw new ServiceError("BAD_REQUEST", `Missing value for required parameter '${field}'`, field);
  return v;
};

function versionEntity(name: string, v: Version, aliases: string[] = []) {
  return {
    name,
    version: String(v.version),
    creation_timestamp: v.createdAt.getTime(),
    last_updated_timestamp: v.updatedAt.getTime(),
    current_stage: v.stage,
    description: v.description,
    source: v.source,
    ...(v.runId ? { run_id: v.runId } : {}),
    status: "READY",
    aliases,
    tags: Object.entries(v.tags).map(([key, value]) => ({ key, value })),
  };
}

async function modelEntity(ctx: TeamCtx, name: string) {
  const m = await getRegisteredModel({ ctx, input: { name } });
  const latestPerStage = new Map<string, Version>();
  for (const v of m.versions) if (!latestPerStage.has(v.stage)) latestPerStage.set(v.stage, v);
  return {
    name: m.model.name,
    creation_timestamp: m.model.createdAt.getTime(),
    last_updated_timestamp: m.model.updatedAt.getTime(),
    description: m.model.description,
    latest_versions: [...latestPerStage.values()].map((v) => versionEntity(m.model.name, v)),
    aliases: m.aliases.map((a) => ({ alias: a.alias, version: String(a.version) })),
    tags: [],
  };
}

async function versionOf(ctx: TeamCtx, name: string, version: unknown) {
  const m = await getRegisteredModel({ ctx, input: { name } });
  const v = m.versions.find((x) => String(x.version) === String(version));
  if (!v) throw new ServiceError("NOT_FOUND", `version ${String(version)} of "${name}" not found`);
  return versionEntity(m.model.name, v, m.aliases.filter((a) => a.version === v.version).map((a) => a.alias));
}

/** `name='x'` (the filter MLflow clients send to model-versions/search) or `name LIKE '...'`. */
function nameFilter(filter: unknown): { exact?: string; like?: string } {
  if (!filter) return {};
  const m = String(filter).match(/^\s*name\s*(=|LIKE|ILIKE)\s*['"]((?:[^'"\\]|\\.)*)['"]\s*$/i);
  if (!m) throw new ServiceError("BAD_REQUEST", `unsupported filter "${filter}" (use name = '...' or name LIKE '...')`, "filter");
  return m[1] === "=" ? { exact: m[2]! } : { like: m[2]! };
}

export const REGISTRY_ROUTES: Record<string, Partial<Record<Method, Handler>>> = {
  "registered-models/create": {
    POST: async (ctx, f) => {
      await createRegisteredModel({ ctx, input: { name: str(f.name, "name"), description: f.description as string | undefined } });
      return { registered_model: await modelEntity(ctx, f.name as string) };
    },
  },
  "registered-models/get": { GET: async (ctx, f) => ({ registered_model: await modelEntity(ctx, str(f.name, "name")) }) },
  "registered-models/search": {
    GET: async (ctx, f) => {
      const { exact, like } = nameFilter(f.filter);
      const models = await searchRegisteredModels({ ctx, input: { nameLike: like } });
      const chosen = exact === undefined ? models : models.filter((m) => m.name === exact);
      return { registered_models: await Promise.all(chosen.map((m) => modelEntity(ctx, m.name))) };
    },
  },
  "registered-models/rename": {
    POST: async (ctx, f) => {
      const row = await updateRegisteredModel({ ctx, input: { name: str(f.name, "name"), newName: str(f.new_name, "new_name") } });
      return { registered_model: await modelEntity(ctx, row.name) };
    },
  },
  "registered-models/update": {
    PATCH: async (ctx, f) => {
      const row = await updateRegisteredModel({ ctx, input: { name: str(f.name, "name"), description: f.description as string | undefined } });
      return { registered_model: await modelEntity(ctx, row.name) };
    },
  },
  "registered-models/delete": {
    DELETE: async (ctx, f) => {
      await deleteRegisteredModel({ ctx, input: { name: str(f.name, "name") } });
      return {};
    },
  },
  "registered-models/alias": {
    POST: async (ctx, f) => {
      await setAlias({ ctx, input: { name: str(f.name, "name"), alias: str(f.alias, "alias"), version: str(String(f.version ?? ""), "version") } });
      return {};
    },
    DELETE: async (ctx, f) => {
      await deleteAlias({ ctx, input: { name: str(f.name, "name"), alias: str(f.alias, "alias") } });
      return {};
    },
    GET: async (ctx, f) => {
      const v = await getVersionByAlias({ ctx, input: { name: str(f.name, "name"), alias: str(f.alias, "alias") } });
      return { model_version: await versionOf(ctx, f.name as string, v.version) };
    },
  },
  "model-versions/create": {
    POST: async (ctx, f) => {
      const { version } = await createModelVersion({
        ctx,
        input: { name: str(f.name, "name"), source: str(f.source, "source"), runId: f.run_id as string | undefined, description: f.description as string | undefined },
      });
      return { model_version: await versionOf(ctx, f.name as string, version.version) };
    },
  },
  "model-versions/update": {
    PATCH: async (ctx, f) => {
      const name = str(f.name, "name");
      const version = str(String(f.version ?? ""), "version");
      await updateModelVersion({ ctx, input: { name, version, description: f.description ?? "" } });
      return { model_version: await versionOf(ctx, name, version) };
    },
  },
  "model-versions/get": { GET: async (ctx, f) => ({ model_version: await versionOf(ctx, str(f.name, "name"), str(String(f.version ?? ""), "version")) }) },
  "model-versions/search": {
    GET: async (ctx, f) => {
      const { exact } = nameFilter(f.filter);
      if (!exact) throw new ServiceError("BAD_REQUEST", "model-versions/search needs filter name='<model>'", "filter");
      const m = await getRegisteredModel({ ctx, input: { name: exact } });
      return { model_versions: m.versions.map((v) => versionEntity(m.model.name, v, m.aliases.filter((a) => a.version === v.version).map((a) => a.alias))) };
    },
  },
  "model-versions/transition-stage": {
    /**
     * A move to Production opens a review request (the gates and a reviewer decide) and answers
     * with the version as it still is; other stages move at once. `archive_existing_versions`
     * is what approval always does for Production.
     */
    POST: async (ctx, f) => {
      const name = str(f.name, "name");
      const version = str(String(f.version ?? ""), "version");
      const stage = str(f.stage, "stage");
      if (stage === "Production") await requestProduction({ ctx, input: { name, version, comment: "requested through the MLflow API" } });
      else await transitionStage({ ctx, input: { name, version, stage } });
      return { model_version: await versionOf(ctx, name, version) };
    },
  },
};

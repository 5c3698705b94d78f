/**
 * Loaded model versions, by version id: the bundle's signature and an ONNX session, kept across
 * requests. A version's files never change once registered, so an entry is valid for as long as
 * it is cached; an alias move only makes requests ask for another version id.
 *
 * Swapping without dropping requests: each request holds its entry while it scores (`inflight`).
 * An entry pushed out of the cache (least recently used beyond MAX_LOADED) is retired: its
 * session is released only once its last in-flight request is done. Sessions are created outside
 * the ONNX runtime's own cache, whose eviction would release a session still in use here.
 */
import type { ModelSignature } from "@/server/quant/models/bundle";
import { createOnnxSession, type OnnxSession } from "@/server/quant/onnx/runtime";
import { canonicalizeSpec, canonicalColumnNames, type CanonicalFeatureSpec } from "@/server/quant/features/spec";
import type { ArtifactBackend } from "../artifacts/backend";
import type { TeamCtx } from "../context";
import { ServiceError } from "../errors";
import { readVersionBundle, type VersionSource } from "../registry/version-bundle";

export const MAX_LOADED = 16;

/** What serving needs of a version: which one it is, its signature, its session. */
export interface ServedVersion {
  versionId: string;
  model: string;
  version: number;
  signature: ModelSignature;
  /** The signature's feature spec, validated and canonical (null when it has none: rows only). */
  featureSpec: CanonicalFeatureSpec | null;
  /** Feature name → column in the signature's order. */
  featureIndex: ReadonlyMap<string, number>;
  session: OnnxSession;
}

export interface VersionToLoad extends VersionSource {
  id: string;
}

interface Entry {
  loaded: Promise<ServedVersion>;
  inflight: number;
  retired: boolean;
}

const holder = globalThis as unknown as { foldlineServedVersions?: Map<string, Entry> };
// On globalThis: one cache per process, whichever route bundle (predict, tRPC) loads a version.
const entries = (holder.foldlineServedVersions ??= new Map<string, Entry>());

/** The signature's feature spec, canonical; null when it has none (such a version takes rows only). */
function servedFeatureSpec(v: VersionToLoad, signature: ModelSignature): CanonicalFeatureSpec | null {
  const spec = signature.featureSpec as { features?: unknown[] } | null | undefined;
  if (!spec || typeof spec !== "object" || !spec.features?.length) return null;
  let canonical: CanonicalFeatureSpec;
  try {
    canonical = canonicalizeSpec(spec);
  } catch {
    throw new ServiceError("CONFLICT", `version ${v.version} of "${v.model}" has an invalid feature spec`);
  }
  if (canonicalColumnNames(canonical).join() !== signature.features.join()) {
    throw new ServiceError("CONFLICT", `version ${v.version} of "${v.model}": its feature spec does not compute its signature's features`);
  }
  return canonical;
}

async function load(ctx: TeamCtx, v: VersionToLoad, backend?: ArtifactBackend): Promise<ServedVersion> {
  const { onnx, signature } = await readVersionBundle(ctx, v, backend);
  const featureSpec = servedFeatureSpec(v, signature);
  // One intra-op thread: requests are small and many; parallelism comes from serving several.
  const session = await createOnnxSession(onnx, { cache: false, intraOpNumThreads: 1 });
  return { versionId: v.id, model: v.model, version: v.version, signature, featureSpec, featureIndex: new Map(signature.features.map((f, j) => [f, j])), session };
}

function retire(id: string, entry: Entry) {
  entries.delete(id);
  entry.retired = true;
  if (entry.inflight === 0) void entry.loaded.then((s) => s.session.session.release()).catch(() => {});
}

/** Runs `fn` with the loaded version (loading it on first use); the session stays open until `fn` settles. */
export async function withServedVersion<T>(ctx: TeamCtx, v: VersionToLoad, fn: (served: ServedVersion) => Promise<T> | T, backend?: ArtifactBackend): Promise<T> {
  let entry = entries.get(v.id);
  if (entry) {
    entries.delete(v.id); // most recently used last
    entries.set(v.id, entry);
  } else {
    entry = { loaded: load(ctx, v, backend), inflight: 0, retired: false };
    entries.set(v.id, entry);
    const loading = entry;
    loading.loaded.catch(() => {
      if (entries.get(v.id) === loading) entries.delete(v.id); // the next request tries again
    });
    for (const [id, old] of entries) {
      if (entries.size <= MAX_LOADED) break;
      retire(id, old);
    }
  }
  entry.inflight++;
  try {
    return await fn(await entry.loaded);
  } finally {
    entry.inflight--;
    if (entry.retired && entry.inflight === 0) void entry.loaded.then((s) => s.session.session.release()).catch(() => {});
  }
}

/** Drops every loaded version (tests; the sessions of in-flight requests finish first). */
export function clearServedVersions(): void {
  for (const [id, entry] of entries) retire(id, entry);
}

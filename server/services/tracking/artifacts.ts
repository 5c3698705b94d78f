import { and, asc, eq, like } from "drizzle-orm";
import { runArtifacts } from "@/db/schema";
import type { ArtifactBackend } from "../artifacts/backend";
import { assertSafeKey } from "../artifacts/keys";
import { getArtifactBackend, getContent, putContent } from "../artifacts/store";
import { tooLarge } from "../byte-streams";
import { requirePermission, type TeamCtx } from "../context";
import { notFound, ServiceError } from "../errors";
import { escapeLike } from "../like-pattern";
import { requireActiveRun, runInTeam } from "./access";

/** Artifact paths are relative, plain segments: no `..`, no absolute or encoded separators
 * (a trailing `/`, as folder listings send, is dropped). */
function safePath(path: string): string {
  const p = path.replace(/\/+$/, "");
  try {
    assertSafeKey(p);
  } catch {
    throw new ServiceError("BAD_REQUEST", `invalid artifact path "${path.slice(0, 200)}"`, "path");
  }
  return p;
}

export const MAX_ARTIFACT_BYTES = 512 * 1024 * 1024;

/** Stores one artifact of a run (content-addressed; a path written twice points at the new bytes). */
export async function putRunArtifact({ ctx, input, backend }: { ctx: TeamCtx; input: { runId: string; path: string; bytes: Uint8Array }; backend?: ArtifactBackend }) {
  requirePermission(ctx, "run:log");
  const run = await runInTeam(ctx.db, ctx, input.runId);
  requireActiveRun(run);
  const path = safePath(input.path);
  if (input.bytes.byteLength > MAX_ARTIFACT_BYTES) throw tooLarge(MAX_ARTIFACT_BYTES, "file");
  const blob = await putContent(backend ?? getArtifactBackend(), input.bytes);
  await ctx.db
    .insert(runArtifacts)
    .values({ runId: run.id, teamId: ctx.team.id, path, sha256: blob.sha256, size: blob.size })
    .onConflictDoUpdate({ target: [runArtifacts.runId, runArtifacts.path], set: { sha256: blob.sha256, size: blob.size, createdAt: new Date() } });
  return { path, sha256: blob.sha256, size: blob.size };
}

/** The entries directly under `path` (MLflow's artifacts/list): files and folders. */
export async function listRunArtifacts({ ctx, input }: { ctx: TeamCtx; input: { runId: string; path?: string } }) {
  requirePermission(ctx, "run:read");
  const run = await runInTeam(ctx.db, ctx, input.runId);
  const dir = input.path ? safePath(input.path) : "";
  const prefix = dir ? `${dir}/` : "";
  const rows = await ctx.db
    .select({ path: runArtifacts.path, size: runArtifacts.size })
    .from(runArtifacts)
    .where(and(eq(runArtifacts.runId, run.id), prefix ? like(runArtifacts.path, `${escapeLike(prefix)}%`) : undefined))
    .orderBy(asc(runArtifacts.path));
  const entries = new Map<string, { path: string; isDir: boolean; size?: number }>();
  for (const r of rows) {
    const rest = r.path.slice(prefix.length);
    const slash = rest.indexOf("/");
    const name = slash < 0 ? rest : rest.slice(0, slash);
    const full = prefix + name;
    if (!entries.has(full)) entries.set(full, slash < 0 ? { path: full, isDir: false, size: r.size } : { path: full, isDir: true });
  }
  return [...entries.values()];
}

export async function getRunArtifact({ ctx, input, backend }: { ctx: TeamCtx; input: { runId: string; path: string }; backend?: ArtifactBackend }) {
  requirePermission(ctx, "run:read");
  const run = await runInTeam(ctx.db, ctx, input.runId);
  const path = safePath(input.path);
  const [row] = await ctx.db.select().from(runArtifacts).where(and(eq(runArtifacts.runId, run.id), eq(runArtifacts.path, path)));
  if (!row) throw notFound(`artifact ${path}`);
  return { path, bytes: await getContent(backend ?? getArtifactBackend(), row.sha256) };
}

/** A run's text artifact, or null when the run has not stored it (yet). */
export async function getRunArtifactText(ctx: TeamCtx, runId: string, path: string, backend?: ArtifactBackend): Promise<string | null> {
  return getRunArtifact({ ctx, input: { runId, path }, backend }).then(
    ({ bytes }) => new TextDecoder().decode(bytes),
    (err: unknown) => {
      if (err instanceof ServiceError && err.code === "NOT_FOUND") return null;
      throw err;
    },
  );
}

const PREVIEW_BYTES = 64 * 1024;
const PREVIEWABLE = /\.(json|csv|txt|md|yaml|yml|log)$/i;

/** The start of a text artifact (JSON, CSV, text) for the run page; other kinds are not shown. */
export async function previewRunArtifact({ ctx, input, backend }: { ctx: TeamCtx; input: { runId: string; path: string }; backend?: ArtifactBackend }) {
  if (!PREVIEWABLE.test(input.path)) throw new ServiceError("BAD_REQUEST", "only JSON, CSV and text artifacts have a preview", "path");
  const { path, bytes } = await getRunArtifact({ ctx, input, backend });
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(0, PREVIEW_BYTES));
  return { path, size: bytes.byteLength, truncated: bytes.byteLength > PREVIEW_BYTES, text };
}

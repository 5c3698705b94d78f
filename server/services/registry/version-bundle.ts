import { ModelSignature, MODEL_DIR, MODEL_FILES } from "@/server/quant/models/bundle";
import type { ArtifactBackend } from "../artifacts/backend";
import type { TeamCtx } from "../context";
import { ServiceError } from "../errors";
import { getRunArtifact } from "../tracking/artifacts";

/** The version fields that say where its model files are. */
export interface VersionSource {
  model: string;
  version: number;
  runId: string | null;
  source: string;
}

/** The run and folder a version's bundle lives in: `runs:/<run>/<dir>` (MLflow's form), else the version's run and `model/`. */
export function bundleLocation(v: VersionSource): { runId: string; dir: string } {
  const m = /^runs:\/([^/]+)\/(.+?)\/?$/.exec(v.source);
  if (m) return { runId: m[1]!, dir: m[2]! };
  if (v.runId) return { runId: v.runId, dir: MODEL_DIR };
  throw new ServiceError("CONFLICT", `version ${v.version} of "${v.model}" has no model bundle: register it from a run (source runs:/<run>/model)`);
}

/**
 * A version's ONNX graph and signature, read from its run's artifacts (the caller has resolved
 * the version within the team). A missing or invalid file is a CONFLICT naming it.
 */
export async function readVersionBundle(ctx: TeamCtx, v: VersionSource, backend?: ArtifactBackend): Promise<{ onnx: Uint8Array; signature: ModelSignature }> {
  const { runId, dir } = bundleLocation(v);
  const read = async (file: string) => {
    const path = `${dir}/${file.slice(MODEL_DIR.length + 1)}`;
    try {
      return (await getRunArtifact({ ctx, input: { runId, path }, backend })).bytes;
    } catch (err) {
      if (err instanceof ServiceError && err.code === "NOT_FOUND") throw new ServiceError("CONFLICT", `version ${v.version} of "${v.model}" lacks ${path} in run ${runId}`);
      throw err;
    }
  };
  const [signatureBytes, onnx] = await Promise.all([read(MODEL_FILES.signature), read(MODEL_FILES.onnx)]);
  let parsed: ReturnType<typeof ModelSignature.safeParse>;
  try {
    parsed = ModelSignature.safeParse(JSON.parse(new TextDecoder().decode(signatureBytes)));
  } catch {
    throw new ServiceError("CONFLICT", `version ${v.version} of "${v.model}" has a signature.json that is not JSON`);
  }
  if (!parsed.success) throw new ServiceError("CONFLICT", `version ${v.version} of "${v.model}" has an invalid signature.json`);
  return { onnx, signature: parsed.data };
}

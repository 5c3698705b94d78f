import type { Db } from "@/db";
import { resolveCaller } from "@/server/api/rest";
import { ServiceError } from "@/server/services/errors";
import { getRunArtifact, MAX_ARTIFACT_BYTES, putRunArtifact } from "@/server/services/tracking/artifacts";
import { mlflowErrorResponse } from "./errors";

/** `<experiment_id>/<run_id>/artifacts/<path>`, as MLflow's artifact proxy addresses files. */
function parse(segments: string[]) {
  const [, runId, marker, ...rest] = segments;
  if (!runId || marker !== "artifacts" || rest.length === 0) {
    throw new ServiceError("BAD_REQUEST", "expected <experiment_id>/<run_id>/artifacts/<path>", "path");
  }
  return { runId, path: rest.join("/") };
}

/** MLflow's `mlflow-artifacts` upload (PUT) and download (GET) routes over run artifacts. */
export function createArtifactsHandler(database: () => Promise<{ db: Db }>) {
  return async (req: Request, segments: string[], method: "GET" | "PUT"): Promise<Response> => {
    try {
      const { db } = await database();
      const ctx = await resolveCaller(db, req);
      const { runId, path } = parse(segments);
      if (method === "PUT") {
        const declared = Number(req.headers.get("content-length") ?? 0);
        if (declared > MAX_ARTIFACT_BYTES) throw new ServiceError("BAD_REQUEST", "artifact larger than 512 MB", "file");
        await putRunArtifact({ ctx, input: { runId, path, bytes: new Uint8Array(await req.arrayBuffer()) } });
        return Response.json({});
      }
      const { bytes } = await getRunArtifact({ ctx, input: { runId, path } });
      return new Response(Buffer.from(bytes), { headers: { "content-type": "application/octet-stream", "content-length": String(bytes.byteLength) } });
    } catch (err) {
      return mlflowErrorResponse(err);
    }
  };
}

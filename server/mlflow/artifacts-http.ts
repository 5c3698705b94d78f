import type { Db } from "@/db";
import { readBody } from "@/server/api/body";
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
  // An empty segment (`//`, a leading `/`) or one holding a decoded `%2F` is no plain path.
  if (rest.some((s) => s === "" || s.includes("/"))) {
    throw new ServiceError("BAD_REQUEST", `invalid artifact path "${rest.join("/").slice(0, 200)}"`, "path");
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
        await putRunArtifact({ ctx, input: { runId, path, bytes: await readBody(req, MAX_ARTIFACT_BYTES, "file") } });
        return Response.json({});
      }
      const { bytes } = await getRunArtifact({ ctx, input: { runId, path } });
      return new Response(Buffer.from(bytes), { headers: { "content-type": "application/octet-stream", "content-length": String(bytes.byteLength) } });
    } catch (err) {
      return mlflowErrorResponse(err);
    }
  };
}

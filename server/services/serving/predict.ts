import { createHash, randomUUID } from "node:crypto";
import type { PredictionArm } from "@/db/schema";
import type { ArtifactBackend } from "../artifacts/backend";
import { requirePermission, type TeamCtx } from "../context";
import { notFound, ServiceError } from "../errors";
import type { Answer } from "./answer";
import { answerBarTimes, loggedFeatures } from "./logged-inputs";
import { inBackground, logPrediction } from "./prediction-log";
import { type RequestMatrix, requestMatrix } from "./request-features";
import { resolveDeployment } from "./resolution-cache";
import { abArm } from "./routing";
import { DeploymentName, PredictRequest } from "./schemas";
import { answerWith } from "./score";

export interface PredictResponse extends Answer {
  /** The version that answered. */
  version: { model: string; version: number };
  arm: PredictionArm;
  request_id: string;
  /** Server time from the request's arrival at the service to its answer, ms. */
  latency_ms: number;
}

const matrixHash = (m: RequestMatrix) => createHash("sha256").update(new Uint8Array(m.x.buffer, m.x.byteOffset, m.x.byteLength)).digest("hex");

/** The log's record of a request's inputs: their hash, rows answered, the scored feature
 * vectors (sampled) and, for bars, the answer rows' bar times. */
const loggedInputs = (m: RequestMatrix) => ({ inputHash: matrixHash(m), rows: m.answerRows, features: loggedFeatures(m), barTimes: answerBarTimes(m) });

const errorLabel = (err: unknown) => (err instanceof ServiceError ? `${err.code}: ${err.message}` : `INTERNAL: ${err instanceof Error ? err.message : String(err)}`).slice(0, 500);

/**
 * Scores a request at a deployment's endpoint. `single` and `shadow` answer with the primary;
 * `ab` routes by the request key (routing.ts) or at random without one. The answer is logged
 * when the request is sampled (the deployment's logSampleRate); a `shadow` deployment's shadow
 * then scores the same request in the background, after the answer, and is logged with the
 * same request id (it scores only sampled requests: an unlogged shadow answer serves nothing).
 * A sampled request that fails once routed is logged too, with its error and no output.
 */
export async function predict({ ctx, input, backend }: { ctx: TeamCtx; input: { name: string; request: unknown }; backend?: ArtifactBackend }): Promise<PredictResponse> {
  const started = performance.now();
  requirePermission(ctx, "deployment:predict");
  const name = DeploymentName.safeParse(input.name);
  if (!name.success) throw notFound(`deployment "${String(input.name).slice(0, 100)}"`);
  const req = PredictRequest.parse(input.request);
  const d = await resolveDeployment(ctx, name.data);
  if (d.status === "paused") throw new ServiceError("CONFLICT", `deployment "${d.name}" is paused`);
  const arm: PredictionArm = d.mode === "ab" && d.secondary ? abArm(d.id, d.challengerWeight, req.request_key) : "primary";
  const target = arm === "challenger" ? d.secondary! : d.primary;
  const requestId = randomUUID();
  const sampled = Math.random() < d.logSampleRate;
  const log = { teamId: ctx.team.id, deploymentId: d.id, requestId, requestKey: req.request_key ?? null };
  const { answer, matrix } = await answerWith(ctx, d, target, (served) => requestMatrix(req, served), backend).catch((err: unknown) => {
    // Failed requests count in the deployment's error rate (monitoring), sampled like answers.
    if (sampled) logPrediction(ctx.db, { ...log, versionId: target.id, arm, inputHash: "", rows: 0, output: {}, latencyMs: performance.now() - started, error: errorLabel(err) });
    throw err;
  });
  const latency = performance.now() - started;
  if (sampled) {
    logPrediction(ctx.db, { ...log, versionId: target.id, arm, ...loggedInputs(matrix), output: answer, latencyMs: latency });
    const shadow = d.mode === "shadow" ? d.secondary : null;
    if (shadow) {
      inBackground(`shadow of deployment "${d.name}"`, async () => {
        const t0 = performance.now();
        const s = await answerWith(ctx, d, shadow, (served) => requestMatrix(req, served), backend);
        logPrediction(ctx.db, { ...log, versionId: shadow.id, arm: "shadow", ...loggedInputs(s.matrix), output: s.answer, latencyMs: performance.now() - t0 });
      });
    }
  }
  return { ...answer, version: { model: target.model, version: target.version }, arm, request_id: requestId, latency_ms: latency };
}

import { createHash, randomUUID } from "node:crypto";
import type { PredictionArm } from "@/db/schema";
import type { ArtifactBackend } from "../artifacts/backend";
import { requirePermission, type TeamCtx } from "../context";
import { notFound, ServiceError } from "../errors";
import { type Answer, type IntervalScores, shapeAnswer } from "./answer";
import { type ServedVersion, type VersionToLoad, withServedVersion } from "./model-cache";
import { inBackground, logPrediction } from "./prediction-log";
import { type RequestMatrix, requestMatrix } from "./request-features";
import { type ResolvedDeployment, resolveDeployment } from "./resolution-cache";
import { abArm } from "./routing";
import { DeploymentName, PredictRequest } from "./schemas";
import { scoreMatrix } from "./score";

export interface PredictResponse extends Answer {
  /** The version that answered. */
  version: { model: string; version: number };
  arm: PredictionArm;
  request_id: string;
  /** Server time from the request's arrival at the service to its answer, ms. */
  latency_ms: number;
}

const matrixHash = (m: RequestMatrix) => createHash("sha256").update(new Uint8Array(m.x.buffer, m.x.byteOffset, m.x.byteLength)).digest("hex");

/** The deployment's interval bounds on this matrix, when they take the answering version's features. */
async function intervalScores(ctx: TeamCtx, d: ResolvedDeployment, served: ServedVersion, m: RequestMatrix, backend?: ArtifactBackend): Promise<IntervalScores | null> {
  if (!d.interval) return null;
  const bound = (v: VersionToLoad) =>
    withServedVersion(ctx, v, async (s) => (s.signature.features.join() === served.signature.features.join() ? { alpha: s.signature.quantileAlpha ?? NaN, scores: await scoreMatrix(s, m) } : null), backend);
  const [lower, upper] = await Promise.all([bound(d.interval.lower), bound(d.interval.upper)]);
  if (!lower || !upper) return null;
  return { lower: lower.scores.predictions, upper: upper.scores.predictions, quantiles: [lower.alpha, upper.alpha] };
}

/** One version's answer to a request: its features from the request, its scores, the interval and risk. */
async function answerWith(ctx: TeamCtx, d: ResolvedDeployment, target: VersionToLoad, req: PredictRequest, backend?: ArtifactBackend) {
  return withServedVersion(
    ctx,
    target,
    async (served) => {
      const m = requestMatrix(req, served);
      const [scores, interval] = await Promise.all([scoreMatrix(served, m), intervalScores(ctx, d, served, m, backend)]);
      return { answer: shapeAnswer(served, m, scores, interval), matrix: m };
    },
    backend,
  );
}

/**
 * Scores a request at a deployment's endpoint. `single` and `shadow` answer with the primary;
 * `ab` routes by the request key (routing.ts) or at random without one. The answer is logged
 * when the request is sampled (the deployment's logSampleRate); a `shadow` deployment's shadow
 * then scores the same request in the background, after the answer, and is logged with the
 * same request id (it scores only sampled requests: an unlogged shadow answer serves nothing).
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
  const { answer, matrix } = await answerWith(ctx, d, target, req, backend);
  const latency = performance.now() - started;
  const requestId = randomUUID();
  const sampled = Math.random() < d.logSampleRate;
  if (sampled) {
    const log = { teamId: ctx.team.id, deploymentId: d.id, requestId, requestKey: req.request_key ?? null };
    logPrediction(ctx.db, { ...log, versionId: target.id, arm, inputHash: matrixHash(matrix), rows: matrix.answerRows, output: answer, latencyMs: latency });
    const shadow = d.mode === "shadow" ? d.secondary : null;
    if (shadow) {
      inBackground(`shadow of deployment "${d.name}"`, async () => {
        const t0 = performance.now();
        const s = await answerWith(ctx, d, shadow, req, backend);
        logPrediction(ctx.db, { ...log, versionId: shadow.id, arm: "shadow", inputHash: matrixHash(s.matrix), rows: s.matrix.answerRows, output: s.answer, latencyMs: performance.now() - t0 });
      });
    }
  }
  return { ...answer, version: { model: target.model, version: target.version }, arm, request_id: requestId, latency_ms: latency };
}

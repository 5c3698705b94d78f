import { z } from "zod";
import { sliceOhlcv } from "@/server/quant/data/ohlcv";
import type { ArtifactBackend } from "../artifacts/backend";
import { BacktestTarget } from "../backtests/schemas";
import { selectWindow } from "../backtests/window";
import { requirePermission, type TeamCtx } from "../context";
import { ServiceError } from "../errors";
import { loadDatasetSeries } from "../datasets/load-series";
import { putRunArtifact } from "../tracking/artifacts";
import type { Answer } from "./answer";
import { seriesMatrix } from "./request-features";
import { resolveDeployment } from "./resolution-cache";
import { DeploymentName } from "./schemas";
import { answerWith } from "./score";

export const BatchPredictInput = z.object({
  deployment: DeploymentName,
  /** The data set version, symbol and window scored (the bars before the window warm the features up). */
  target: BacktestTarget,
  /** The run the CSV is written to (a batch_predict job's own run). */
  runId: z.uuid({ message: "runId must be a run id" }),
  path: z.string().regex(/^[\w./-]+\.csv$/, { message: "path must name a .csv file" }).default("predictions.csv"),
});

const cell = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? "" : String(v));

/** The answer as CSV: time (ISO), close, prediction, class probabilities, interval, risk; warm-up bars have empty cells. */
function answerCsv(answer: Answer, time: Float64Array, close: Float64Array, from: number): string {
  const header = ["time", "close", "prediction", ...(answer.classes ?? []).map((c) => `p_${c}`), ...(answer.intervals ? ["lower", "upper"] : []), "risk"];
  const lines = [header.join(",")];
  for (let t = from; t < time.length; t++) {
    const row = [new Date(time[t]!).toISOString(), cell(close[t]), cell(answer.predictions[t])];
    if (answer.classes) row.push(...answer.classes.map((_, k) => cell(answer.probabilities![t]?.[k])));
    if (answer.intervals) row.push(cell(answer.intervals[t]?.[0]), cell(answer.intervals[t]?.[1]));
    row.push(cell(answer.risk[t]));
    lines.push(row.join(","));
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Batch prediction over a data set: the deployment's primary target (no A/B split, no shadow)
 * scores every bar of the window with the version's own feature spec, and the answers are
 * written to the run as a CSV artifact. A plain function, for the batch_predict job to call.
 */
export async function batchPredict({ ctx, input, backend }: { ctx: TeamCtx; input: z.input<typeof BatchPredictInput>; backend?: ArtifactBackend }) {
  requirePermission(ctx, "deployment:predict");
  requirePermission(ctx, "run:log");
  const v = BatchPredictInput.parse(input);
  const d = await resolveDeployment(ctx, v.deployment);
  const loaded = await loadDatasetSeries({ ctx, input: { datasetId: v.target.datasetId, version: v.target.version } }, backend);
  if (loaded.dataset.kind === "synthetic" && !v.target.allowSynthetic) {
    throw new ServiceError("BAD_REQUEST", "this dataset is synthetic; set allowSynthetic to score it", "target.datasetId");
  }
  const { series, from, to } = selectWindow(loaded.series, v.target.symbol, v.target.start, v.target.end);
  const history = { ...sliceOhlcv(series, 0, to), extra: Object.fromEntries(Object.entries(series.extra).map(([k, c]) => [k, c.subarray(0, to)])) };
  const { answer, matrix } = await answerWith(ctx, d, d.primary, (served) => seriesMatrix(history, served, "all"), backend);
  const bytes = new TextEncoder().encode(answerCsv(answer, history.time, history.close, from));
  const artifact = await putRunArtifact({ ctx, input: { runId: v.runId, path: v.path, bytes }, backend });
  const scored = Array.from(matrix.barIndex ?? []).filter((t) => t >= from).length;
  return { ...artifact, rows: to - from, scored, version: { model: d.primary.model, version: d.primary.version } };
}

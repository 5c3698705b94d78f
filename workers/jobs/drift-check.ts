/**
 * The `drift_check` job: a deployment's primary version, now, against its training window.
 *
 * Reference: the version's features over its training window, recomputed from the run's
 * dataset version by the signature's own feature spec, and cached as an artifact of that run on
 * first use (a version's training window never changes). Current: the feature vectors the
 * version scored in the recent log window, or, for a deployment fed by a market's bars, that
 * market's latest bars. Each feature's PSI/KS/Wasserstein/Jensen–Shannon and the data set's
 * verdict (server/quant/monitoring/drift.ts) go into a drift report; with outcome bars named,
 * logged predictions whose outcome has been realised give rolling RMSE and hit rate (or macro F1
 * and accuracy) against the version's validation figures (performance.ts). The report raises
 * DRIFT and PERFORMANCE alerts as drift-alerts.ts says. Too few current rows: skipped, saying
 * so. A check that fails records that on its monitor and raises an ERROR alert before it fails.
 */
import type { StoredFeatureDrift, StoredPerformance } from "@/db/schema";
import { type DatasetDrift, featureDrift } from "@/server/quant/monitoring/drift";
import { decodeFeatureSample, encodeFeatureSample, type FeatureSample, REFERENCE_ARTIFACT, windowFeatureSample } from "@/server/quant/monitoring/feature-sample";
import { realisedLabelOf, realisedPredictions } from "@/server/quant/monitoring/outcomes";
import { performanceDrift } from "@/server/quant/monitoring/performance";
import { evenlySpaced } from "@/server/quant/monitoring/sample";
import type { DriftCheckPlan } from "@/server/services/monitoring/drift-check-plan";
import { JOB_INPUT_SCHEMAS, type JobInput } from "./schemas";
import { type JobDefinition, JobCancelledError, type JobServices } from "./step";

export interface DriftCheckJobResult {
  deployment: string;
  version: { model: string; version: number };
  outcome: "reported" | "skipped";
  reason: string | null;
  reportId: string | null;
  datasetDrift: boolean | null;
  drifted: number;
  evaluated: number;
  alerts: { id: string; type: string; severity: string; created: boolean }[];
}

/** Points a stored rolling-metric series keeps (charts need no more). */
export const SERIES_POINTS = 200;

const orNull = (v: number) => (Number.isFinite(v) ? v : null);

/** The version's reference sample: the cached artifact, or computed from its training window and cached. */
async function referenceSample(plan: DriftCheckPlan, services: JobServices, log: (line: string) => Promise<void>): Promise<FeatureSample> {
  const names = plan.signature.features;
  const cached = await services.readRunFile({ runId: plan.training.runId, path: REFERENCE_ARTIFACT });
  if (cached) {
    const sample = decodeFeatureSample(cached);
    if (sample.names.join() === names.join()) return sample;
  }
  const bars = await services.loadBacktestTarget(plan.training.target);
  const sample = windowFeatureSample(plan.signature.featureSpec, bars.history, names, { fromMs: plan.training.fromMs ?? -Infinity, toMs: plan.training.toMs ?? Infinity });
  await services.putRunFiles({ runId: plan.training.runId, files: { [REFERENCE_ARTIFACT]: encodeFeatureSample(sample) } });
  await log(`reference: ${sample.rows} rows of the training window (${plan.training.basis}), cached as ${REFERENCE_ARTIFACT}`);
  return sample;
}

/** The current sample: logged feature vectors, or the latest bars of a market. */
async function currentSample(plan: DriftCheckPlan, settings: JobInput<"drift_check">["settings"], services: JobServices) {
  const c = settings.current;
  if (c.source === "log") {
    const s = await services.loadServedFeatures({ deploymentId: plan.deployment.id, versionId: plan.version.id, hours: c.hours, maxRows: c.maxRows, features: plan.signature.features.length });
    return { columns: s.columns, rows: s.rows, from: s.from ? Date.parse(s.from) : NaN, to: s.to ? Date.parse(s.to) : NaN, what: `requests logged in the last ${c.hours} h` };
  }
  const bars = await services.loadBacktestTarget({ datasetId: c.datasetId, symbol: c.symbol });
  const time = bars.history.time;
  const s = windowFeatureSample(plan.signature.featureSpec, bars.history, plan.signature.features, { fromMs: time[Math.max(0, time.length - c.bars)]!, toMs: Infinity });
  return { columns: s.columns, rows: s.rows, from: s.from, to: s.to, what: `the last ${c.bars} bars of ${bars.symbol || "the dataset"}` };
}

/** Rolling performance over the logged predictions whose outcome the outcome bars realise. */
async function performance(plan: DriftCheckPlan, outcomes: NonNullable<JobInput<"drift_check">["settings"]["outcomes"]>, services: JobServices): Promise<StoredPerformance> {
  const task = plan.signature.task;
  const served = await services.loadServedPredictions({ deploymentId: plan.deployment.id, versionId: plan.version.id, hours: outcomes.hours });
  const base = { task, window: outcomes.window, metrics: [] };
  if (!served.time.length) return { ...base, realised: 0, skipped: `no predictions of bars were logged in the last ${outcomes.hours} h (requests of rows carry no bar time)` };
  const bars = await services.loadBacktestTarget({ datasetId: outcomes.datasetId, symbol: outcomes.symbol });
  const label = realisedLabelOf(task, plan.signature.label ?? undefined);
  const r = realisedPredictions(served.time, served.prediction, bars.history.time, bars.history.close, label);
  if (r.time.length < outcomes.window) return { ...base, realised: r.time.length, skipped: `${r.time.length} predictions have a realised outcome; the rolling window needs ${outcomes.window}` };
  const metrics = performanceDrift({
    task,
    yTrue: r.yTrue,
    yPred: r.yPred,
    window: outcomes.window,
    baseline: plan.version.metrics,
    ...(plan.signature.classes ? { classes: Float64Array.from(plan.signature.classes).sort() } : {}),
  });
  const first = outcomes.window - 1;
  const picked = Array.from(evenlySpaced(r.time.length - first, SERIES_POINTS), (i) => first + i);
  if (picked[picked.length - 1] !== r.time.length - 1) picked.push(r.time.length - 1);
  return {
    ...base,
    realised: r.time.length,
    skipped: null,
    metrics: metrics.map((m) => ({
      key: m.key,
      label: m.label,
      current: orNull(m.current),
      baseline: orNull(m.baseline),
      degradation: orNull(m.degradation),
      level: m.level,
      series: picked.map((i) => ({ t: r.time[i]!, v: m.series[i]! })),
    })),
  };
}

const storedFeatures = (d: DatasetDrift): StoredFeatureDrift[] =>
  d.features.map((f) => ({ ...f, psi: orNull(f.psi), ks: orNull(f.ks), ksPValue: orNull(f.ksPValue), wassersteinSigma: orNull(f.wassersteinSigma), jensenShannon: orNull(f.jensenShannon) }));

export const driftCheckJob: JobDefinition<JobInput<"drift_check">, DriftCheckJobResult> = {
  input: JOB_INPUT_SCHEMAS.drift_check,
  async run(step, input, services) {
    const { monitorId, settings } = input;
    const record = (status: "running" | "skipped", reason?: string) => (monitorId ? services.recordDriftCheckRun({ monitorId, status, reason }) : Promise.resolve());
    try {
      await step.progress(0, 2, "resolving the deployment's version");
      const plan = await step.run("plan", async () => {
        const p = await services.loadDriftCheckPlan({ deployment: input.deployment });
        await record("running");
        return p;
      });
      const common = { deployment: plan.deployment.name, version: { model: plan.version.model, version: plan.version.version } };
      await step.progress(1, 2, "comparing with the training window");
      const checked = await step.run("check", async () => {
        const reference = await referenceSample(plan, services, (line) => step.log(line));
        const current = await currentSample(plan, settings, services);
        if (current.rows < settings.minRows) {
          const reason = `${current.rows} rows in ${current.what}; a check needs at least ${settings.minRows}`;
          await record("skipped", reason);
          return { skipped: reason } as const;
        }
        const drift = featureDrift(reference.columns, current.columns, plan.signature.features);
        const perf = settings.outcomes ? await performance(plan, settings.outcomes, services) : null;
        const stored = await services.recordDriftReport({
          plan,
          monitorId,
          source: settings.current.source,
          reference: { from: reference.from, to: reference.to, rows: reference.rows },
          current: { from: current.from, to: current.to, rows: current.rows },
          features: storedFeatures(drift),
          evaluated: drift.evaluated,
          drifted: drift.drifted,
          driftedShare: orNull(drift.driftedShare),
          datasetDrift: drift.datasetDrift,
          performance: perf,
        });
        await step.log(`${drift.drifted} of ${drift.evaluated} features drifted against ${reference.rows} training rows (${current.rows} rows of ${current.what})${drift.datasetDrift ? ": data set drift" : ""}`);
        return { ...stored, datasetDrift: drift.datasetDrift, drifted: drift.drifted, evaluated: drift.evaluated };
      });
      await step.progress(2, 2, "done");
      if ("skipped" in checked) return { ...common, outcome: "skipped", reason: checked.skipped ?? null, reportId: null, datasetDrift: null, drifted: 0, evaluated: 0, alerts: [] };
      return { ...common, outcome: "reported", reason: null, ...checked };
    } catch (err) {
      if (err instanceof JobCancelledError) throw err;
      // Outside any step on purpose, as the retrain job does: a retried attempt that fails again records again (the alert is deduplicated).
      if (monitorId) await services.driftCheckFailed({ monitorId, reason: `the drift check failed: ${(err as Error).message}` }).catch(() => {});
      throw err;
    }
  },
};

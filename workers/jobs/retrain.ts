/**
 * The `retrain` job: trains a registered model again with its Production version's recipe on
 * the latest data (the walk_forward job's own steps, window moved to the dataset's last bar),
 * then checks the gates. A pass registers the new version and opens a Production request for a
 * reviewer (or moves it to Staging); a failure is recorded on the schedule with the failed gates
 * and their figures, and raises a WARNING alert. A job that fails outright (no recipe, a crash)
 * records that on the schedule and raises an ERROR alert before it fails.
 */
import type { GateResult } from "@/server/services/registry/gates";
import { JOB_INPUT_SCHEMAS, type JobInput, WalkForwardJobInput } from "./schemas";
import { type JobDefinition, JobCancelledError } from "./step";
import { walkForwardJob } from "./walk-forward";

export interface RetrainJobResult {
  outcome: "passed" | "gates_failed";
  runId: string;
  gates: GateResult[];
  /** The Production version the recipe came from. */
  from: { version: number };
  /** The version registered (on a pass). */
  version: { name: string; version: number } | null;
  /** The Production request opened (onPass `request_production`). */
  requestId: string | null;
  /** The walk_forward input it trained with: the next retrain's recipe when this version goes to Production. */
  training: JobInput<"walk_forward">;
}

const gateSummary = (results: GateResult[]) => results.map((g) => `${g.gate} (${g.detail})`).join("; ");

export const retrainJob: JobDefinition<JobInput<"retrain">, RetrainJobResult> = {
  input: JOB_INPUT_SCHEMAS.retrain,
  async run(step, input, services) {
    const { model, scheduleId } = input;
    const record = (status: "running" | "passed" | "gates_failed" | "failed", extra: { reason?: string; version?: number } = {}) =>
      scheduleId ? services.recordRetrainRun({ scheduleId, status, ...extra }) : Promise.resolve();
    let modelId: string | undefined;
    try {
      await step.progress(0, 1, "reading the Production version's recipe");
      const recipe = await step.run("recipe", async () => {
        const r = await services.loadRetrainRecipe({ model });
        await record("running");
        return r;
      });
      modelId = recipe.model.id;
      const { start, end } = recipe.training.target;
      await step.log(`retraining "${model}" with the recipe of Production v${recipe.production.version} (job ${recipe.sourceJobId}) on ${start ?? "all history"} … ${end}`);

      const trained = await walkForwardJob.run(step, WalkForwardJobInput.parse(recipe.training), services);

      const verdict = await step.run("gates", () => services.evaluateRetrainGates({ model, runId: trained.runId, gates: input.gates, task: recipe.task }));
      const common = { runId: trained.runId, gates: verdict.results, from: { version: recipe.production.version }, training: recipe.training };
      if (!verdict.passed) {
        const reason = `gates failed: ${gateSummary(verdict.results.filter((g) => !g.passed))}`;
        await step.run("record-gate-failure", async () => {
          await services.raiseAlert({
            type: "WARNING",
            severity: "warning",
            title: `Retrain of ${model} failed its gates`,
            details: { reason, gates: verdict.results, metrics: verdict.metrics, runId: trained.runId, production: verdict.production },
            modelId,
            scheduleId,
            key: `retrain:${model}`,
          });
          await record("gates_failed", { reason });
        });
        await step.log(reason);
        return { outcome: "gates_failed", ...common, version: null, requestId: null };
      }

      const version = await step.run("register-version", () =>
        services.registerRunModel({ model, runId: trained.runId, description: `Retrained with the recipe of Production v${recipe.production.version}; gates: ${gateSummary(verdict.results) || "none"}` }),
      );
      const requestId = await step.run("on-pass", async () => {
        if (input.onPass === "staging") {
          await services.transitionStage({ name: model, version: version.version, stage: "Staging" });
          return null;
        }
        const request = await services.requestProduction({ name: model, version: version.version, comment: `Scheduled retrain; gates passed: ${gateSummary(verdict.results) || "none configured"}` });
        return request.id;
      });
      await step.run("record-pass", () =>
        record("passed", { reason: input.onPass === "staging" ? `v${version.version} moved to Staging` : `v${version.version} awaits a reviewer's approval for Production`, version: version.version }),
      );
      return { outcome: "passed", ...common, version, requestId };
    } catch (err) {
      if (err instanceof JobCancelledError) throw err;
      // Outside any step on purpose: a retried attempt that fails again records again (the alert is deduplicated).
      const reason = `the retrain failed: ${(err as Error).message}`;
      await record("failed", { reason }).catch(() => {});
      await services
        .raiseAlert({ type: "ERROR", severity: "warning", title: `Retrain of ${model} failed`, details: { reason }, modelId, scheduleId, key: `retrain:${model}` })
        .catch(() => {});
      throw err;
    }
  },
};

import { expect, it } from "vitest";
import { describeWithDatabase } from "@/db/testing/databases";
import { Study } from "@/server/quant/tuning/study";
import { importSampleDataset } from "@/server/services/datasets/testing";
import { localDispatcher } from "@/server/services/jobs/dispatch";
import { enqueueJob } from "@/server/services/jobs/enqueue-job";
import { makeTeamWithRoles } from "@/server/services/testing";
import { getRunArtifact } from "@/server/services/tracking/artifacts";
import { getRunLineage } from "@/server/services/tracking/run-lineage";
import { getRun } from "@/server/services/tracking/runs";
import { jobLogLines, testRunners, waitForJob } from "@/workers/local/testing";
import type { TuneJobResult } from "./tune";

const startRunner = testRunners();

const SPACE = [
  { type: "float", name: "learningRate", low: 0.01, high: 0.3, log: true },
  { type: "int", name: "maxDepth", low: 2, high: 4 },
] as const;

describeWithDatabase("tune job", (database) => {
  it("runs a seeded TPE study over GBDT parameters on SPX walk-forward folds: one child run per trial, the best trial and the study views on the parent", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const spx = await importSampleDataset(ctx.member, "spx", "SPX");
    const input = {
      target: { datasetId: spx.dataset.id, start: "2015-01-01", end: "2019-12-31" },
      splits: { trainMonths: 24, testMonths: 6, stepMonths: 6 },
      model: { algorithm: "gbdt", params: { nEstimators: 10 } },
      space: SPACE,
      trials: 12,
      lastFolds: 2,
      seed: 3,
    };
    const job = await enqueueJob({ ctx: ctx.member, input: { kind: "tune", input }, dispatcher: localDispatcher });
    startRunner(db);
    const done = await waitForJob(db, job.id, ["succeeded", "failed"], 120_000);
    expect([done.status, done.error]).toEqual(["succeeded", null]);
    const result = done.result as TuneJobResult;
    expect([result.trials, done.progressDone, done.progressTotal]).toEqual([12, 12, 12]);

    const views = JSON.parse(new TextDecoder().decode((await getRunArtifact({ ctx: ctx.viewer, input: { runId: result.runId, path: "study.json" } })).bytes));
    const trials = views.study.trials as { number: number; state: string; value: number | null; params: Record<string, number> }[];
    expect(trials).toHaveLength(12);
    // The first trial is the study's own first draw for the seed (startup trials are seeded random).
    expect(trials[0]!.params).toEqual(Study.create({ space: SPACE as never, seed: 3 }).ask().params);
    const complete = trials.filter((t) => t.state === "complete");
    expect(complete.length + result.pruned).toBe(12);
    const best = complete.reduce((a, b) => (b.value! < a.value! ? b : a));
    expect(result.best).toEqual({ number: best.number, value: best.value, params: best.params });
    expect(views.history.best.at(-1)).toBe(best.value);
    for (const t of trials) {
      expect(t.params.maxDepth).toBeGreaterThanOrEqual(2);
      expect(Number.isInteger(t.params.maxDepth)).toBe(true);
    }
    // One log line per trial: its outcome and the parameters it drew.
    const lines = (await jobLogLines(db, job.id)).map((l) => l.line);
    expect(lines).toHaveLength(12);
    const first = trials[0]!;
    expect(lines[0]).toBe(
      `trial 0: ${first.state}${first.value === null ? "" : ` rmse ${first.value.toPrecision(5)}`} (learningRate=${Number(first.params.learningRate!.toPrecision(4))}, maxDepth=${first.params.maxDepth})`,
    );
    const parent = await getRun({ ctx: ctx.viewer, input: { runId: result.runId } });
    expect(parent.metrics.find((m) => m.key === "best_rmse")?.value).toBe(best.value);
    expect((await getRunLineage({ ctx: ctx.viewer, input: { runId: result.runId } })).children).toHaveLength(12);
  });

  it("refuses a search-space parameter the algorithm lacks and an objective of the wrong task, naming the field", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const fields = async (input: unknown) =>
      JSON.stringify(await enqueueJob({ ctx: ctx.member, input: { kind: "tune", input } as never, dispatcher: localDispatcher }).catch((e: unknown) => e));
    const base = { target: { datasetId: crypto.randomUUID() }, model: { algorithm: "gbdt" } };
    expect(await fields({ ...base, space: [{ type: "int", name: "depth", low: 1, high: 3 }] })).toContain("every search-space parameter must be a parameter of the algorithm");
    expect(await fields({ ...base, space: SPACE, objective: "accuracy" })).toContain("objective must be a metric of the label's task");
  });
});

import { createReadStream } from "node:fs";
import { and, eq } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { runArtifacts, runTags } from "@/db/schema";
import { describeWithDatabase } from "@/db/testing/databases";
import { SAMPLE_DATASETS, sampleDatasetPath } from "@/server/quant/data/sample-datasets";
import { generateSyntheticDataset } from "@/server/services/datasets/generate-synthetic";
import { importDataset } from "@/server/services/datasets/import-dataset";
import { makeTeamWithRoles } from "@/server/services/testing";
import { getRunArtifact } from "@/server/services/tracking/artifacts";
import { LocalRunner } from "@/workers/local/runner";
import { waitForJob } from "@/workers/local/testing";
import type { TuneJobResult } from "@/workers/jobs/tune";
import { localDispatcher } from "./dispatch";
import { enqueueJob } from "./enqueue-job";
import { getTuningStudy } from "./tuning-study";

const runners: LocalRunner[] = [];
afterEach(async () => {
  for (const r of runners.splice(0)) await r.stop();
});

interface StudyFile {
  study: { trials: { number: number; state: string; value: number | null; params: Record<string, number | string> }[] };
  history: unknown;
  importances: unknown;
  parallel: unknown;
}

describeWithDatabase("the job page's read of a tune job", (database) => {
  it("trials from the child runs as the study recorded them; the stored views once done, the same views computed from the runs before", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const { symbol, pkg, file } = SAMPLE_DATASETS.spx;
    const [spx] = await importDataset({ ctx: ctx.member, input: { name: "SPX", format: "csv", filename: `${pkg}/${file}`, symbol }, body: createReadStream(sampleDatasetPath("spx")) });
    const space = [
      { type: "float", name: "learningRate", low: 0.01, high: 0.3, log: true },
      { type: "int", name: "maxDepth", low: 2, high: 4 },
      { type: "categorical", name: "subsample", choices: [0.5, 1] },
    ];
    const job = await enqueueJob({
      ctx: ctx.member,
      dispatcher: localDispatcher,
      input: {
        kind: "tune",
        input: {
          target: { datasetId: spx!.dataset.id, start: "2015-01-01", end: "2018-12-31" },
          splits: { trainMonths: 24, testMonths: 6, stepMonths: 6 },
          model: { algorithm: "gbdt", params: { nEstimators: 8 } },
          space,
          trials: 4,
          lastFolds: 2,
          objective: "r2",
          direction: "maximize",
          seed: 5,
        },
      },
    });
    // Queued: no run, so no trials and empty views.
    const queued = await getTuningStudy({ ctx: ctx.viewer, input: { id: job.id } });
    expect([queued.trials, queued.best, queued.final, queued.history.numbers, queued.importances]).toEqual([[], null, false, [], []]);
    expect([queued.objective, queued.direction, queued.algorithm, queued.plannedTrials]).toEqual(["r2", "maximize", "gbdt", 4]);

    const runner = new LocalRunner({ db, workers: 1, pollMs: 25 });
    runners.push(runner);
    runner.start();
    const done = await waitForJob(db, job.id, ["succeeded", "failed"], 120_000);
    expect([done.status, done.error]).toEqual(["succeeded", null]);
    const result = done.result as TuneJobResult;
    const stored = JSON.parse(new TextDecoder().decode((await getRunArtifact({ ctx: ctx.viewer, input: { runId: result.runId, path: "study.json" } })).bytes)) as StudyFile;

    const study = await getTuningStudy({ ctx: ctx.viewer, input: { id: job.id } });
    expect(study.final).toBe(true);
    // Each row is the trial the study recorded: parameters back as numbers and choices, state, value.
    expect(study.trials.map((t) => ({ number: t.number, state: t.state, value: t.value, params: t.params }))).toEqual(
      stored.study.trials.map((t) => ({ number: t.number, state: t.state, value: t.value, params: t.params })),
    );
    for (const t of study.trials) {
      expect(t.runningValue).toEqual(expect.any(Number));
      if (t.state === "complete") expect(t.runningValue).toBe(t.value);
    }
    expect(study.best).toEqual(result.best);
    expect({ history: study.history, importances: study.importances, parallel: study.parallel }).toEqual({
      history: stored.history,
      importances: stored.importances,
      parallel: stored.parallel,
    });

    // Before the summary writes study.json (here: without it), the views come from the runs alone.
    await db.delete(runArtifacts).where(and(eq(runArtifacts.runId, result.runId), eq(runArtifacts.path, "study.json")));
    const live = await getTuningStudy({ ctx: ctx.viewer, input: { id: job.id } });
    expect(live.final).toBe(false);
    expect({ history: live.history, importances: live.importances, parallel: live.parallel }).toEqual({
      history: stored.history,
      importances: stored.importances,
      parallel: stored.parallel,
    });

    // A trial whose run never got its final state is not running once the job has finished.
    const last = study.trials.at(-1)!;
    await db.delete(runTags).where(and(eq(runTags.runId, last.runId), eq(runTags.key, "foldline.trial_state")));
    expect((await getTuningStudy({ ctx: ctx.viewer, input: { id: job.id } })).trials.at(-1)).toMatchObject({ number: last.number, state: "failed", value: null });
  });

  it("refuses a job of another kind, naming the field", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const synthetic = await generateSyntheticDataset({ ctx: ctx.member, input: { name: "s", bars: 50 } });
    const job = await enqueueJob({
      ctx: ctx.member,
      dispatcher: localDispatcher,
      input: { kind: "walk_forward", input: { target: { datasetId: synthetic.dataset.id, allowSynthetic: true }, model: { algorithm: "ridge" } } },
    });
    await expect(getTuningStudy({ ctx: ctx.viewer, input: { id: job.id } })).rejects.toMatchObject({ code: "BAD_REQUEST", field: "id" });
  });
});

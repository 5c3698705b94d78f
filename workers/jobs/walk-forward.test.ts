import { expect, it } from "vitest";
import { describeWithDatabase } from "@/db/testing/databases";
import { readBundle } from "@/server/quant/models/bundle";
import { importSampleDataset } from "@/server/services/datasets/testing";
import { localDispatcher } from "@/server/services/jobs/dispatch";
import { enqueueJob } from "@/server/services/jobs/enqueue-job";
import { getRegisteredModel } from "@/server/services/registry/models";
import { makeTeamWithRoles } from "@/server/services/testing";
import { getRunArtifact, listRunArtifacts } from "@/server/services/tracking/artifacts";
import { getRunLineage } from "@/server/services/tracking/run-lineage";
import { getRun } from "@/server/services/tracking/runs";
import { testRunners, waitForJob } from "@/workers/local/testing";
import type { WalkForwardJobResult } from "./walk-forward";

const startRunner = testRunners();

describeWithDatabase("walk_forward job", (database) => {
  it("trains a GBDT fold by fold on SPX, writes the parent and fold runs, the report files and the model bundle, and registers the model", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const spx = await importSampleDataset(ctx.member, "spx");
    const input = {
      target: { datasetId: spx.dataset.id, start: "2015-01-01", end: "2019-12-31" },
      splits: { trainMonths: 24, testMonths: 6, stepMonths: 6 },
      model: { algorithm: "gbdt", params: { nEstimators: 30, maxDepth: 3 } },
      register: { model: "spx-wf" },
    };
    const job = await enqueueJob({ ctx: ctx.member, input: { kind: "walk_forward", input }, dispatcher: localDispatcher });
    expect(job.input).toMatchObject({ label: { kind: "regression", horizon: 5 }, splits: { mode: "rolling", purgeRows: 0 }, importance: { nRepeats: 5 } });
    startRunner(db);
    const done = await waitForJob(db, job.id, ["succeeded", "failed"], 120_000);
    expect([done.status, done.error]).toEqual(["succeeded", null]);
    const result = done.result as WalkForwardJobResult;
    // 2015-01 + 24 months → tests 2017H1 .. 2019H2: 6 folds.
    expect(result.folds).toBe(6);
    expect([done.progressDone, done.progressTotal]).toEqual([8, 8]);
    expect(result.modelVersion).toEqual({ name: "spx-wf", version: 1 });

    const parent = await getRun({ ctx: ctx.viewer, input: { runId: result.runId } });
    const metric = (k: string) => parent.metrics.find((m) => m.key === k)?.value;
    expect(metric("rmse")).toBeCloseTo(result.metrics.rmse!, 12);
    expect(metric("folds")).toBe(6);
    expect(parent.run.featureSpecHash).toMatch(/^[0-9a-f]{64}$/);
    const lineage = await getRunLineage({ ctx: ctx.viewer, input: { runId: result.runId } });
    expect(lineage.children.map((c) => [c.name.slice(0, 6), c.status])).toEqual(Array.from({ length: 6 }, (_, k) => [`fold ${k}`, "FINISHED"]));
    expect(lineage.importance.status).toBe("logged");
    expect(lineage.versions).toEqual([{ model: "spx-wf", version: 1, stage: "None" }]);
    const fold0 = await getRun({ ctx: ctx.viewer, input: { runId: result.foldRuns[0]! } });
    expect(fold0.metrics.map((m) => m.key)).toEqual(expect.arrayContaining(["rmse", "r2", "oos_sharpe", "loss"]));

    const files = (await listRunArtifacts({ ctx: ctx.viewer, input: { runId: result.runId } })).map((e) => e.path);
    expect(files).toEqual(["equity_curve.csv", "feature_importance.json", "model", "report.json", "trades.csv"]);
    const csv = new TextDecoder().decode((await getRunArtifact({ ctx: ctx.viewer, input: { runId: result.runId, path: "equity_curve.csv" } })).bytes).trim().split("\n");
    expect(csv[0]).toBe("time,equity,prediction,actual");
    expect(csv[1]!.startsWith("2017-01-03T")).toBe(true);
    const bundle = await readBundle(async (path) => (await getRunArtifact({ ctx: ctx.viewer, input: { runId: result.runId, path } })).bytes);
    expect(bundle.signature).toMatchObject({ task: "regression", featureSpecHash: parent.run.featureSpecHash, label: { kind: "regression", horizon: 5 } });
    expect(bundle.signature.features).toHaveLength(20);
    expect(bundle.model.kind).toBe("gbdt_regressor");
    const model = await getRegisteredModel({ ctx: ctx.viewer, input: { name: "spx-wf" } });
    expect(model.versions[0]!.signature).toMatchObject({ featureSpecHash: parent.run.featureSpecHash });
  });

  it("refuses online learning for an algorithm without partialFit, naming the field", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const err = await enqueueJob({
      ctx: ctx.member,
      input: { kind: "walk_forward", input: { target: { datasetId: crypto.randomUUID() }, model: { algorithm: "gbdt" }, online: true } },
      dispatcher: localDispatcher,
    }).catch((e: unknown) => e);
    expect(JSON.stringify(err)).toContain("online");
  });
});

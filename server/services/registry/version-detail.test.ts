import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeWithDatabase } from "@/db/testing/databases";
import { LocalArtifactBackend } from "../artifacts/local-backend";
import { generateSyntheticDataset } from "../datasets/generate-synthetic";
import { makeTeamWithRoles } from "../testing";
import { putRunArtifact } from "../tracking/artifacts";
import { createExperiment } from "../tracking/experiments";
import { createRun } from "../tracking/runs";
import { createModelVersion, createRegisteredModel } from "./models";
import { parseImportance } from "../tracking/run-importance";
import { recordVersionEvaluation, versionEvaluations } from "./record-evaluation";
import { getVersionDetail } from "./version-detail";

describe("feature importance file", () => {
  it("sorts features by importance, defaulting std to 0", () => {
    const text = JSON.stringify([
      { feature: "rsi14", importance: 0.01, band: "minimal" },
      { feature: "sma20", importance: 0.2, std: 0.03, band: "critical" },
      { feature: "obv", importance: -0.002, std: 0.001, band: "none" },
    ]);
    expect(parseImportance(text)).toEqual({
      status: "logged",
      features: [
        { feature: "sma20", importance: 0.2, std: 0.03, band: "critical" },
        { feature: "rsi14", importance: 0.01, std: 0, band: "minimal" },
        { feature: "obv", importance: -0.002, std: 0.001, band: "none" },
      ],
    });
  });

  it("reports a malformed file with where it is wrong", () => {
    expect(parseImportance("{")).toEqual({ status: "invalid", message: "feature_importance.json is not JSON" });
    expect(parseImportance(JSON.stringify({ sma20: 1 }))).toMatchObject({ status: "invalid", message: expect.stringMatching(/^feature_importance\.json: \(root\): /) });
    expect(parseImportance(JSON.stringify([{ feature: "x", importance: 1, band: "high" }]))).toMatchObject({
      status: "invalid",
      message: expect.stringMatching(/^feature_importance\.json: 0\.band: /),
    });
  });
});

describe("evaluations from version tags", () => {
  it("reads dataset and symbol from the tag name (the symbol after the last colon) and the summary from its JSON, by dataset then symbol", () => {
    const tags = {
      "evaluation:SPX daily:^GSPC": JSON.stringify({ runId: "r1", backtestId: "b1", start: "2016-01-04", end: "2018-05-11", sharpe: 0.5, model_rmse: null }),
      "evaluation:AAPL daily:AAPL": JSON.stringify({ backtestId: "b2", sharpe: -0.25, totalReturn: 0.1 }),
      "evaluation:a:b:c": JSON.stringify({ sharpe: 1 }),
      "evaluation:hand-set:X": "not json",
      "evaluation:wrong-shape:X": JSON.stringify({ sharpe: "high" }),
      "evaluation:no-symbol": JSON.stringify({ sharpe: 1 }),
      owner: "team-a",
    };
    // Ordered as people read names (localeCompare: case folded before code units).
    expect(versionEvaluations(tags)).toEqual([
      { dataset: "a:b", symbol: "c", runId: null, backtestId: null, start: null, end: null, metrics: { sharpe: 1 } },
      { dataset: "AAPL daily", symbol: "AAPL", runId: null, backtestId: "b2", start: null, end: null, metrics: { sharpe: -0.25, totalReturn: 0.1 } },
      { dataset: "SPX daily", symbol: "^GSPC", runId: "r1", backtestId: "b1", start: "2016-01-04", end: "2018-05-11", metrics: { sharpe: 0.5, model_rmse: null } },
    ]);
  });
});

describeWithDatabase("version detail", (database) => {
  it("links a version to its run, experiment and dataset version, with the run's feature importance", async () => {
    const { db } = database();
    const f = await makeTeamWithRoles(db);
    const other = await makeTeamWithRoles(db);
    const data = await generateSyntheticDataset({ ctx: f.ctx.admin, input: { name: "synth-lineage", bars: 50 } });
    const exp = await createExperiment({ ctx: f.ctx.member, input: { name: "lineage" } });
    const run = await createRun({ ctx: f.ctx.member, input: { experimentId: exp.id, runName: "gbdt-fold", datasetVersionId: data.version.id } });
    const bare = await createRun({ ctx: f.ctx.member, input: { experimentId: exp.id, runName: "bare" } });
    const importance = [
      { feature: "rsi14", importance: 0.05, std: 0.01, band: "moderate" },
      { feature: "sma20", importance: 0.3, std: 0.02, band: "critical" },
    ];
    await putRunArtifact({ ctx: f.ctx.member, input: { runId: run.id, path: "feature_importance.json", bytes: new TextEncoder().encode(JSON.stringify(importance)) } });
    await createRegisteredModel({ ctx: f.ctx.member, input: { name: "lineage-model" } });
    await createModelVersion({ ctx: f.ctx.member, input: { name: "lineage-model", source: `runs:/${run.id}/model`, runId: run.id } });
    await createModelVersion({ ctx: f.ctx.member, input: { name: "lineage-model", source: `runs:/${bare.id}/model`, runId: bare.id } });
    await createModelVersion({ ctx: f.ctx.member, input: { name: "lineage-model", source: "s3://elsewhere/model" } });

    expect(await getVersionDetail({ ctx: f.ctx.viewer, input: { name: "lineage-model", version: 1 } })).toEqual({
      version: 1,
      source: `runs:/${run.id}/model`,
      lineage: {
        run: { id: run.id, name: "gbdt-fold", status: "RUNNING", featureSpecHash: null },
        experiment: { id: exp.id, name: "lineage" },
        dataset: { id: data.dataset.id, name: "synth-lineage", version: 1, versionId: data.version.id },
      },
      importance: { status: "logged", features: [importance[1], importance[0]] },
      evaluations: [],
    });
    // The artifact's row is there but its blob is not in this store: lineage still comes back.
    const emptyStore = new LocalArtifactBackend(mkdtempSync(path.join(tmpdir(), "foldline-empty-store-")));
    expect(await getVersionDetail({ ctx: f.ctx.viewer, input: { name: "lineage-model", version: 1 }, backend: emptyStore })).toMatchObject({
      lineage: { run: { name: "gbdt-fold" } },
      importance: { status: "invalid", message: expect.stringMatching(/^feature_importance\.json could not be read: artifact [0-9a-f]{64} is missing from the local store$/) },
    });
    const v2 = await getVersionDetail({ ctx: f.ctx.viewer, input: { name: "lineage-model", version: 2 } });
    expect([v2.lineage?.run.name, v2.lineage?.dataset, v2.importance]).toEqual(["bare", null, { status: "absent" }]);
    expect(await getVersionDetail({ ctx: f.ctx.viewer, input: { name: "lineage-model", version: 3 } })).toEqual({
      version: 3,
      source: "s3://elsewhere/model",
      lineage: null,
      importance: { status: "absent" },
      evaluations: [],
    });
    await expect(getVersionDetail({ ctx: f.ctx.viewer, input: { name: "lineage-model", version: 4 } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getVersionDetail({ ctx: other.ctx.admin, input: { name: "lineage-model", version: 1 } })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
  it("lists the evaluations recorded on the version, the latest per dataset and symbol", async () => {
    const { db } = database();
    const f = await makeTeamWithRoles(db);
    await createRegisteredModel({ ctx: f.ctx.member, input: { name: "evaluated" } });
    await createModelVersion({ ctx: f.ctx.member, input: { name: "evaluated", source: "s3://m" } });
    const record = (dataset: string, symbol: string, sharpe: number) =>
      recordVersionEvaluation(f.ctx.member, { name: "evaluated", version: 1, dataset, symbol, summary: { backtestId: `bt-${sharpe}`, start: "2017-01-03", end: "2018-12-31", sharpe } });
    await record("SPX daily", "^GSPC", 0.4);
    await record("AAPL daily", "AAPL", 0.1);
    await record("AAPL daily", "AAPL", 0.2);
    const detail = await getVersionDetail({ ctx: f.ctx.viewer, input: { name: "evaluated", version: 1 } });
    expect(detail.evaluations.map((e) => [e.dataset, e.symbol, e.backtestId, e.metrics.sharpe])).toEqual([
      ["AAPL daily", "AAPL", "bt-0.2", 0.2],
      ["SPX daily", "^GSPC", "bt-0.4", 0.4],
    ]);
  });
});

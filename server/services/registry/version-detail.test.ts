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
    });
    await expect(getVersionDetail({ ctx: f.ctx.viewer, input: { name: "lineage-model", version: 4 } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getVersionDetail({ ctx: other.ctx.admin, input: { name: "lineage-model", version: 1 } })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

import { expect, it } from "vitest";
import { describeWithDatabase } from "@/db/testing/databases";
import { generateSyntheticDataset } from "../datasets/generate-synthetic";
import { createModelVersion, createRegisteredModel } from "../registry/models";
import { makeTeamWithRoles } from "../testing";
import { putRunArtifact } from "./artifacts";
import { createExperiment } from "./experiments";
import { logInputs } from "./log-inputs";
import { getRunLineage } from "./run-lineage";
import { createRun, setRunLifecycle } from "./runs";

describeWithDatabase("run lineage", (database) => {
  it("lists the dataset, child runs, registered versions, logged inputs and feature importance of a run", async () => {
    const { db } = database();
    const f = await makeTeamWithRoles(db);
    const other = await makeTeamWithRoles(db);
    const data = await generateSyntheticDataset({ ctx: f.ctx.admin, input: { name: "synth-runs", bars: 50 } });
    const exp = await createExperiment({ ctx: f.ctx.member, input: { name: "wf" } });
    const parent = await createRun({ ctx: f.ctx.member, input: { experimentId: exp.id, runName: "walk-forward", datasetVersionId: data.version.id, startTime: 1000 } });
    const fold0 = await createRun({ ctx: f.ctx.member, input: { experimentId: exp.id, runName: "fold-0", parentRunId: parent.id, startTime: 1001 } });
    const fold1 = await createRun({ ctx: f.ctx.member, input: { experimentId: exp.id, runName: "fold-1", parentRunId: parent.id, startTime: 1002 } });
    const gone = await createRun({ ctx: f.ctx.member, input: { experimentId: exp.id, runName: "fold-x", parentRunId: parent.id, startTime: 1003 } });
    await setRunLifecycle({ ctx: f.ctx.admin, input: { runId: gone.id, stage: "deleted" } });
    await putRunArtifact({
      ctx: f.ctx.member,
      input: { runId: parent.id, path: "feature_importance.json", bytes: new TextEncoder().encode(JSON.stringify([{ feature: "rsi14", importance: 0.002, std: 0.001, band: "critical" }])) },
    });
    await logInputs({ ctx: f.ctx.member, input: { runId: parent.id, datasets: [{ tags: [{ key: "mlflow.data.context", value: "training" }], dataset: { name: "synth-runs", digest: "d1", source_type: "foldline", source: "dataset:synth-runs@v1" } }] } });
    await createRegisteredModel({ ctx: f.ctx.member, input: { name: "wf-model" } });
    await createModelVersion({ ctx: f.ctx.member, input: { name: "wf-model", source: `runs:/${parent.id}/model`, runId: parent.id } });

    expect(await getRunLineage({ ctx: f.ctx.viewer, input: { runId: parent.id } })).toEqual({
      dataset: { datasetId: data.dataset.id, name: "synth-runs", version: 1, versionId: data.version.id },
      children: [
        { id: fold0.id, name: "fold-0", status: "RUNNING" },
        { id: fold1.id, name: "fold-1", status: "RUNNING" },
      ],
      versions: [{ model: "wf-model", version: 1, stage: "None" }],
      inputs: [{ name: "synth-runs", digest: "d1", source: "dataset:synth-runs@v1", context: "training" }],
      importance: { status: "logged", features: [{ feature: "rsi14", importance: 0.002, std: 0.001, band: "critical" }] },
    });
    expect(await getRunLineage({ ctx: f.ctx.viewer, input: { runId: fold0.id } })).toEqual({ dataset: null, children: [], versions: [], inputs: [], importance: { status: "absent" } });
    await expect(getRunLineage({ ctx: other.ctx.admin, input: { runId: parent.id } })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

import { expect, it } from "vitest";
import { describeWithDatabase } from "@/db/testing/databases";
import { loadSampleDataset } from "@/server/quant/data/sample-datasets";
import { importSampleDataset } from "@/server/services/datasets/testing";
import { localDispatcher } from "@/server/services/jobs/dispatch";
import { enqueueJob } from "@/server/services/jobs/enqueue-job";
import { createDeployment } from "@/server/services/serving/create-deployment";
import { fitSpxGbdt, registerFitted, spxW3 } from "@/server/services/serving/testing";
import { makeTeamWithRoles } from "@/server/services/testing";
import { getRunArtifact } from "@/server/services/tracking/artifacts";
import { testRunners, waitForJob } from "@/workers/local/testing";
import type { BatchPredictJobResult } from "./batch-predict";

const startRunner = testRunners();

describeWithDatabase("batch_predict job", (database) => {
  it("scores a dataset window with a deployment's primary version and writes predictions.csv to its run", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    await registerFitted(ctx.member, "spx-gbdt", fitSpxGbdt(spxW3(), { trees: 5 }));
    await createDeployment({ ctx: ctx.admin, input: { name: "spx-live", primary: { model: "spx-gbdt", version: 1 } } });
    const aapl = await importSampleDataset(ctx.member, "aapl", "AAPL");
    const job = await enqueueJob({
      ctx: ctx.member,
      input: { kind: "batch_predict", input: { deployment: "spx-live", target: { datasetId: aapl.dataset.id, start: "2018-01-01" } } },
      dispatcher: localDispatcher,
    });
    startRunner(db);
    const done = await waitForJob(db, job.id, ["succeeded", "failed"], 60_000);
    expect([done.status, done.error]).toEqual(["succeeded", null]);
    const result = done.result as BatchPredictJobResult;
    // AAPL's bars from 2018-01-02 to 2018-05-11, all past the features' warm-up.
    const bars = loadSampleDataset("aapl").time.filter((t) => t >= Date.parse("2018-01-01T00:00:00Z")).length;
    expect([result.path, result.rows, result.scored, result.version]).toEqual(["predictions.csv", bars, bars, { model: "spx-gbdt", version: 1 }]);
    const csv = new TextDecoder().decode((await getRunArtifact({ ctx: ctx.viewer, input: { runId: result.runId, path: "predictions.csv" } })).bytes).trim().split("\n");
    expect(csv).toHaveLength(bars + 1);
    expect(csv[1]!.startsWith("2018-01-02T")).toBe(true);
  });
});

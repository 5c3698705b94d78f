import { expect, it } from "vitest";
import { describeWithDatabase } from "@/db/testing/databases";
import { makeTeamWithRoles } from "@/server/services/testing";
import { approveTransition, listTransitionRequests } from "@/server/services/registry/stages";
import { listAudit } from "@/server/services/audit/list-audit";
import { bearerRequest, outsiderToken, tokensByRole } from "@/server/api/testing/bearer";
import { createMlflowHandler } from "./http";

/** Plain HTTP requests shaped as MLflow's REST documentation shows them. */
describeWithDatabase("MLflow REST", (database) => {
  const handler = createMlflowHandler(async () => ({ db: database().db }));
  const call = async (token: string, method: "GET" | "POST" | "PATCH" | "DELETE", endpoint: string, body?: unknown) => {
    const url = new URL(`http://test/api/2.0/mlflow/${endpoint}`);
    if (method === "GET" && body) for (const [k, v] of Object.entries(body as Record<string, string | string[]>)) for (const x of [v].flat()) url.searchParams.append(k, x);
    const res = await handler(bearerRequest(url, token, method, method === "GET" ? undefined : (body ?? {})), endpoint, method);
    return { status: res.status, body: await res.json() };
  };

  it("creates an experiment and a run, logs a batch, reads the run, history and searches", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const { member: token } = await tokensByRole(ctx);
    const created = await call(token, "POST", "experiments/create", { name: "spx-wf" });
    expect(created.status).toBe(200);
    const experimentId = created.body.experiment_id as string;
    expect(experimentId).toMatch(/^\d+$/);
    expect((await call(token, "GET", "experiments/get-by-name", { experiment_name: "spx-wf" })).body.experiment).toMatchObject({
      experiment_id: experimentId,
      name: "spx-wf",
      lifecycle_stage: "active",
    });
    const dup = await call(token, "POST", "experiments/create", { name: "spx-wf" });
    expect(dup).toEqual({ status: 400, body: { error_code: "RESOURCE_ALREADY_EXISTS", message: 'experiment "spx-wf" already exists' } });

    const run = await call(token, "POST", "runs/create", { experiment_id: experimentId, start_time: 1700000000000, run_name: "fold-3", tags: [{ key: "symbol", value: "SPX" }] });
    expect(run.status).toBe(200);
    const runId = run.body.run.info.run_id as string;
    expect(run.body.run.info).toMatchObject({ run_name: "fold-3", experiment_id: experimentId, status: "RUNNING", start_time: 1700000000000, lifecycle_stage: "active" });
    const batch = await call(token, "POST", "runs/log-batch", {
      run_id: runId,
      metrics: [
        { key: "rmse", value: 0.031, timestamp: 1700000000001, step: 0 },
        { key: "rmse", value: 0.029, timestamp: 1700000000002, step: 1 },
      ],
      params: [{ key: "algorithm", value: "gbdt" }],
      tags: [{ key: "fold", value: "3" }],
    });
    expect(batch).toEqual({ status: 200, body: {} });
    expect((await call(token, "POST", "runs/log-metric", { run_id: runId, key: "loss", value: "NaN", timestamp: 1700000000003 })).status).toBe(200);
    expect((await call(token, "POST", "runs/log-parameter", { run_id: runId, key: "lr", value: "0.05" })).status).toBe(200);
    expect((await call(token, "POST", "runs/set-tag", { run_id: runId, key: "note", value: "baseline" })).status).toBe(200);
    const updated = await call(token, "POST", "runs/update", { run_id: runId, status: "FINISHED", end_time: 1700000000100 });
    expect(updated.body.run_info).toMatchObject({ status: "FINISHED", end_time: 1700000000100 });

    const got = (await call(token, "GET", "runs/get", { run_id: runId })).body.run;
    expect(got.data.metrics).toEqual([
      { key: "loss", value: "NaN", timestamp: 1700000000003, step: 0 },
      { key: "rmse", value: 0.029, timestamp: 1700000000002, step: 1 },
    ]);
    expect(got.data.params).toEqual([{ key: "algorithm", value: "gbdt" }, { key: "lr", value: "0.05" }]);
    expect(got.data.tags).toEqual([
      { key: "fold", value: "3" },
      { key: "mlflow.runName", value: "fold-3" },
      { key: "note", value: "baseline" },
      { key: "symbol", value: "SPX" },
    ]);
    const history = await call(token, "GET", "metrics/get-history", { run_id: runId, metric_key: "rmse" });
    expect(history.body).toEqual({
      metrics: [
        { key: "rmse", value: 0.031, timestamp: 1700000000001, step: 0 },
        { key: "rmse", value: 0.029, timestamp: 1700000000002, step: 1 },
      ],
    });
    const search = await call(token, "POST", "runs/search", {
      experiment_ids: [experimentId],
      filter: "metrics.rmse < 0.03 and params.algorithm = 'gbdt' and tags.symbol = 'SPX'",
      order_by: ["metrics.rmse ASC"],
    });
    expect(search.body.runs.map((r: { info: { run_id: string } }) => r.info.run_id)).toEqual([runId]);
    const none = await call(token, "POST", "runs/search", { experiment_ids: [experimentId], filter: "metrics.rmse > 0.03" });
    expect(none.body).toEqual({ runs: [] });
    const experiments = await call(token, "GET", "experiments/search", { filter: "name LIKE 'spx%'" });
    expect(experiments.body.experiments.map((e: { name: string }) => e.name)).toEqual(["spx-wf"]);
  });

  it("answers errors with MLflow's codes and statuses", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const { member, viewer } = await tokensByRole(ctx);
    const outsider = await outsiderToken(db);
    const exp = (await call(member, "POST", "experiments/create", { name: "e" })).body.experiment_id;
    const runId = (await call(member, "POST", "runs/create", { experiment_id: exp })).body.run.info.run_id;

    expect(await call(member, "GET", "runs/get", { run_id: "00000000-0000-4000-8000-000000000000" })).toEqual({
      status: 404,
      body: { error_code: "RESOURCE_DOES_NOT_EXIST", message: "run 00000000-0000-4000-8000-000000000000 not found" },
    });
    expect((await call(outsider, "GET", "runs/get", { run_id: runId })).status).toBe(404);
    expect((await call(viewer, "POST", "runs/log-batch", { run_id: runId, metrics: [] })).body.error_code).toBe("PERMISSION_DENIED");
    expect((await call(member, "POST", "runs/log-batch", { run_id: runId, params: [{ key: "a", value: "1" }] })).status).toBe(200);
    const changed = await call(member, "POST", "runs/log-parameter", { run_id: runId, key: "a", value: "2" });
    expect([changed.status, changed.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    const tooMany = await call(member, "POST", "runs/log-batch", { run_id: runId, metrics: Array.from({ length: 1001 }, (_, i) => ({ key: "m", value: i, timestamp: i })) });
    expect([tooMany.status, tooMany.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    expect(tooMany.body.message).toContain("at most 1000 metrics per batch");
    expect((await call(member, "POST", "runs/get", { run_id: runId })).body.error_code).toBe("ENDPOINT_NOT_FOUND");
    expect((await call("fl_wrong", "GET", "runs/get", { run_id: runId })).body).toEqual({ error_code: "UNAUTHENTICATED", message: "invalid or revoked API token" });
    expect((await call(member, "POST", "runs/search", { experiment_ids: [exp], filter: "metrics.x <" })).body.error_code).toBe("INVALID_PARAMETER_VALUE");
    expect((await call(member, "POST", "experiments/get-by-name", {})).status).toBe(404);
    expect((await call(member, "GET", "experiments/get-by-name", {})).body).toEqual({
      error_code: "INVALID_PARAMETER_VALUE",
      message: "Missing value for required parameter 'experiment_name'",
    });
  });

  it("registers versions, moves stages, and turns a Production transition into a review request", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const { member } = await tokensByRole(ctx);
    const exp = (await call(member, "POST", "experiments/create", { name: "reg" })).body.experiment_id;
    const runId = (await call(member, "POST", "runs/create", { experiment_id: exp })).body.run.info.run_id;
    await call(member, "POST", "runs/log-batch", { run_id: runId, metrics: [{ key: "f1", value: 0.7, timestamp: 1 }] });
    const model = await call(member, "POST", "registered-models/create", { name: "spx-direction" });
    expect(model.body.registered_model).toMatchObject({ name: "spx-direction", latest_versions: [], aliases: [] });
    const v1 = await call(member, "POST", "model-versions/create", { name: "spx-direction", source: `runs:/${runId}/model`, run_id: runId });
    expect(v1.body.model_version).toMatchObject({ name: "spx-direction", version: "1", current_stage: "None", run_id: runId, status: "READY" });
    await call(member, "POST", "model-versions/create", { name: "spx-direction", source: `runs:/${runId}/model`, run_id: runId });
    const staged = await call(member, "POST", "model-versions/transition-stage", { name: "spx-direction", version: "1", stage: "Staging", archive_existing_versions: false });
    expect(staged.body.model_version.current_stage).toBe("Staging");
    const asked = await call(member, "POST", "model-versions/transition-stage", { name: "spx-direction", version: "1", stage: "Production", archive_existing_versions: true });
    expect(asked.body.model_version.current_stage).toBe("Staging");
    const [request] = await listTransitionRequests({ ctx: ctx.viewer, input: { status: "pending" } });
    await approveTransition({ ctx: ctx.reviewer, input: { requestId: request!.id } });
    expect((await call(member, "GET", "model-versions/get", { name: "spx-direction", version: "1" })).body.model_version.current_stage).toBe("Production");
    expect((await call(member, "POST", "registered-models/alias", { name: "spx-direction", alias: "champion", version: "2" })).status).toBe(200);
    expect((await call(member, "GET", "registered-models/alias", { name: "spx-direction", alias: "champion" })).body.model_version).toMatchObject({ version: "2", aliases: ["champion"] });
    const search = await call(member, "GET", "model-versions/search", { filter: "name='spx-direction'" });
    expect(search.body.model_versions.map((v: { version: string; current_stage: string }) => `${v.version}:${v.current_stage}`)).toEqual(["2:None", "1:Production"]);
    const renamed = await call(member, "POST", "registered-models/rename", { name: "spx-direction", new_name: "spx-dir" });
    expect(renamed.body.registered_model.name).toBe("spx-dir");
    expect((await call(member, "DELETE", "registered-models/delete", { name: "spx-dir" })).body.error_code).toBe("PERMISSION_DENIED");
    expect((await call(member, "GET", "registered-models/get", { name: "nope" })).status).toBe(404);
  });

  it("logs dataset inputs and returns them with the run", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const { member, viewer } = await tokensByRole(ctx);
    const exp = (await call(member, "POST", "experiments/create", { name: "inputs" })).body.experiment_id;
    const runId = (await call(member, "POST", "runs/create", { experiment_id: exp })).body.run.info.run_id;
    const spx = { name: "spx-daily", digest: "3f2a9c1e", source_type: "foldline", source: "dataset:SPX daily@v1", schema: '{"mlflow_colspec":[]}' };
    const logged = await call(member, "POST", "runs/log-inputs", {
      run_id: runId,
      datasets: [
        { tags: [{ key: "mlflow.data.context", value: "training" }], dataset: spx },
        { dataset: { name: "aapl-daily", digest: "77aa", source_type: "foldline", source: "dataset:AAPL daily@v1" } },
      ],
    });
    expect(logged).toEqual({ status: 200, body: {} });
    // Logging the same dataset again replaces its tags instead of adding a second input.
    await call(member, "POST", "runs/log-inputs", { run_id: runId, datasets: [{ tags: [{ key: "mlflow.data.context", value: "validation" }], dataset: spx }] });
    const run = (await call(member, "GET", "runs/get", { run_id: runId })).body.run;
    expect(run.inputs.dataset_inputs).toHaveLength(2);
    expect(run.inputs.dataset_inputs).toContainEqual({ tags: [{ key: "mlflow.data.context", value: "validation" }], dataset: spx });
    expect(run.inputs.dataset_inputs).toContainEqual({
      tags: [],
      dataset: { name: "aapl-daily", digest: "77aa", source_type: "foldline", source: "dataset:AAPL daily@v1" },
    });

    const tooLong = await call(member, "POST", "runs/log-inputs", { run_id: runId, datasets: [{ dataset: { ...spx, digest: "x".repeat(37) } }] });
    expect([tooLong.status, tooLong.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    expect(tooLong.body.message).toContain("dataset digest must be at most 36 characters");
    const missing = await call(member, "POST", "runs/log-inputs", { run_id: runId, datasets: [{ dataset: { name: "x", digest: "1", source_type: "s" } }] });
    expect(missing.body.error_code).toBe("INVALID_PARAMETER_VALUE");
    expect((await call(viewer, "POST", "runs/log-inputs", { run_id: runId, datasets: [{ dataset: spx }] })).body.error_code).toBe("PERMISSION_DENIED");
  });

  it("updates a model version's description (PATCH model-versions/update), audited", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const { member, viewer } = await tokensByRole(ctx);
    await call(member, "POST", "registered-models/create", { name: "m1" });
    await call(member, "POST", "model-versions/create", { name: "m1", source: "runs:/x/model" });
    const updated = await call(member, "PATCH", "model-versions/update", { name: "m1", version: "1", description: "retrained on 2020 data" });
    expect(updated.status).toBe(200);
    expect(updated.body.model_version).toMatchObject({ name: "m1", version: "1", description: "retrained on 2020 data", current_stage: "None" });
    expect((await call(member, "GET", "model-versions/get", { name: "m1", version: "1" })).body.model_version.description).toBe("retrained on 2020 data");
    expect((await call(viewer, "PATCH", "model-versions/update", { name: "m1", version: "1", description: "x" })).body.error_code).toBe("PERMISSION_DENIED");
    expect((await call(member, "PATCH", "model-versions/update", { name: "m1", version: "9", description: "x" })).status).toBe(404);
    expect((await call(member, "POST", "model-versions/update", { name: "m1", version: "1", description: "x" })).body.error_code).toBe("ENDPOINT_NOT_FOUND");
    const audit = await listAudit({ ctx: ctx.admin, input: {} });
    expect(audit.items.find((a) => a.action === "model.version.update")).toMatchObject({ before: { description: "" }, after: { description: "retrained on 2020 data" } });
  });
});

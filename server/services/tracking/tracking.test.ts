import { expect, it } from "vitest";
import { describeWithDatabase } from "@/db/testing/databases";
import { makeTeamWithRoles } from "../testing";
import { createExperiment, getExperimentByName, renameExperiment, searchExperiments, setExperimentLifecycle } from "./experiments";
import { getMetricHistory, logBatch } from "./log-batch";
import { createRun, getRun, setRunLifecycle, updateRun } from "./runs";
import { searchRuns } from "./search-runs";
import { compareRuns } from "./compare-runs";

describeWithDatabase("tracking", (database) => {
  it("creates experiments and runs, logs a batch, keeps the full history and the latest value", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const exp = await createExperiment({ ctx: ctx.member, input: { name: "wf-spx" } });
    await expect(createExperiment({ ctx: ctx.member, input: { name: "wf-spx" } })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await getExperimentByName({ ctx: ctx.viewer, input: { name: "wf-spx" } })).id).toBe(exp.id);
    const run = await createRun({ ctx: ctx.member, input: { experimentId: exp.id, runName: "fold-0", startTime: 1000 } });
    await logBatch({
      ctx: ctx.member,
      input: {
        runId: run.id,
        params: [{ key: "algorithm", value: "gbdt" }, { key: "lr", value: "0.05" }],
        tags: [{ key: "symbol", value: "SPX" }],
        metrics: [
          { key: "rmse", value: 0.05, timestamp: 10, step: 0 },
          { key: "rmse", value: 0.04, timestamp: 11, step: 1 },
          { key: "rmse", value: 0.06, timestamp: 9, step: 0 },
          { key: "loss", value: "NaN", timestamp: 12, step: 2 },
        ],
      },
    });
    const got = await getRun({ ctx: ctx.viewer, input: { runId: run.id } });
    expect(got.params).toEqual([{ key: "algorithm", value: "gbdt" }, { key: "lr", value: "0.05" }]);
    expect(got.tags).toEqual([{ key: "mlflow.runName", value: "fold-0" }, { key: "symbol", value: "SPX" }]);
    expect(got.metrics.map((m) => [m.key, m.value, m.isNan, m.step])).toEqual([["loss", 0, true, 2], ["rmse", 0.04, false, 1]]);
    const history = await getMetricHistory({ ctx: ctx.viewer, input: { runId: run.id, key: "rmse" } });
    expect(history.map((h) => [h.step, h.timestamp, h.value])).toEqual([[0, 9, 0.06], [0, 10, 0.05], [1, 11, 0.04]]);
    // An older point does not replace the latest.
    await logBatch({ ctx: ctx.member, input: { runId: run.id, metrics: [{ key: "rmse", value: 1, timestamp: 1, step: 0 }] } });
    expect((await getRun({ ctx: ctx.viewer, input: { runId: run.id } })).metrics.find((m) => m.key === "rmse")!.value).toBe(0.04);
    // At an equal step and timestamp, the point logged last is the latest (within a batch too).
    await logBatch({ ctx: ctx.member, input: { runId: run.id, metrics: [{ key: "rmse", value: 0.03, timestamp: 11, step: 1 }, { key: "rmse", value: 0.02, timestamp: 11, step: 1 }] } });
    expect((await getRun({ ctx: ctx.viewer, input: { runId: run.id } })).metrics.find((m) => m.key === "rmse")!.value).toBe(0.02);
    // A logged param cannot change; the same value again is fine; nothing of a refused batch is stored.
    await logBatch({ ctx: ctx.member, input: { runId: run.id, params: [{ key: "lr", value: "0.05" }] } });
    await expect(
      logBatch({ ctx: ctx.member, input: { runId: run.id, params: [{ key: "lr", value: "0.1" }], metrics: [{ key: "after", value: 1, timestamp: 1 }] } }),
    ).rejects.toThrow('param "lr" was logged as "0.05"; a logged param cannot change (new value "0.1")');
    expect(await getMetricHistory({ ctx: ctx.viewer, input: { runId: run.id, key: "after" } })).toEqual([]);
    const finished = await updateRun({ ctx: ctx.member, input: { runId: run.id, status: "FINISHED", endTime: 2000 } });
    expect([finished.status, finished.endTime]).toEqual(["FINISHED", 2000]);
  });

  it("validates batches: limits, keys and statuses", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const exp = await createExperiment({ ctx: ctx.member, input: { name: "limits" } });
    const run = await createRun({ ctx: ctx.member, input: { experimentId: exp.id } });
    expect(run.name).toMatch(/^[a-z]+-[a-z]+-\d+$/);
    const many = Array.from({ length: 1001 }, (_, i) => ({ key: "m", value: i, timestamp: i, step: i }));
    await expect(logBatch({ ctx: ctx.member, input: { runId: run.id, metrics: many } })).rejects.toThrow(/at most 1000 metrics per batch/);
    await expect(logBatch({ ctx: ctx.member, input: { runId: run.id, params: [{ key: "../etc", value: "x" }] } })).rejects.toThrow(/must not contain '\.\.'/);
    await expect(updateRun({ ctx: ctx.member, input: { runId: run.id, status: "DONE" as never } })).rejects.toThrow(/status must be one of/);
    await expect(logBatch({ ctx: ctx.viewer, input: { runId: run.id } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await setRunLifecycle({ ctx: ctx.admin, input: { runId: run.id, stage: "deleted" } });
    await expect(logBatch({ ctx: ctx.member, input: { runId: run.id, tags: [{ key: "a", value: "b" }] } })).rejects.toThrow(/is deleted/);
    // The one-statement metrics path refuses the same runs, and stores nothing.
    await expect(logBatch({ ctx: ctx.member, input: { runId: run.id, metrics: [{ key: "m", value: 1, timestamp: 1 }] } })).rejects.toThrow(/is deleted/);
    expect(await getMetricHistory({ ctx: ctx.admin, input: { runId: run.id, key: "m" } })).toEqual([]);
    const stranger = await makeTeamWithRoles(db);
    await expect(logBatch({ ctx: stranger.ctx.admin, input: { runId: run.id, metrics: [{ key: "m", value: 1, timestamp: 1 }] } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(setRunLifecycle({ ctx: ctx.member, input: { runId: run.id, stage: "active" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("searches runs with MLflow's filter syntax, ordering and page tokens, inside the team only", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const other = await makeTeamWithRoles(db);
    const exp = await createExperiment({ ctx: ctx.member, input: { name: "search" } });
    const specs = [
      { name: "a", rmse: 0.02, algorithm: "gbdt", symbol: "SPX" },
      { name: "b", rmse: 0.025, algorithm: "gbdt", symbol: "AAPL" },
      { name: "c", rmse: 0.05, algorithm: "gbdt", symbol: "SPX" },
      { name: "d", rmse: 0.01, algorithm: "ridge", symbol: "SPX" },
    ];
    for (const [i, s] of specs.entries()) {
      const run = await createRun({ ctx: ctx.member, input: { experimentId: exp.id, runName: s.name, startTime: 1000 + i } });
      await logBatch({
        ctx: ctx.member,
        input: { runId: run.id, metrics: [{ key: "rmse", value: s.rmse, timestamp: 1 }], params: [{ key: "algorithm", value: s.algorithm }], tags: [{ key: "symbol", value: s.symbol }] },
      });
    }
    const names = async (input: Parameters<typeof searchRuns>[0]["input"]) => (await searchRuns({ ctx: ctx.viewer, input })).items.map((r) => r.run.name);
    expect(await names({ experimentIds: [exp.id], filter: "metrics.rmse < 0.03 and params.algorithm = 'gbdt' and tags.symbol = 'SPX'" })).toEqual(["a"]);
    expect(await names({ experimentIds: [exp.id], orderBy: ["metrics.rmse ASC"] })).toEqual(["d", "a", "b", "c"]);
    expect(await names({ experimentIds: [exp.id] })).toEqual(["d", "c", "b", "a"]);
    expect(await names({ experimentIds: [exp.id], filter: "tags.symbol IN ('AAPL') or params.x = '1'" }).catch((e) => e.message)).toMatch(/OR is not supported/);
    expect(await names({ experimentIds: [exp.id], filter: "run_name LIKE '%a%' or 1" }).catch((e) => e.field)).toBe("filter");
    expect(await names({ experimentIds: [exp.id], filter: "params.algorithm != 'gbdt'" })).toEqual(["d"]);
    expect(await names({ experimentIds: [exp.id], filter: "tags.symbol NOT IN ('SPX')" })).toEqual(["b"]);
    expect(await names({ experimentIds: [exp.id], filter: "attributes.run_name ILIKE 'C'" })).toEqual(["c"]);
    const first = await searchRuns({ ctx: ctx.viewer, input: { experimentIds: [exp.id], maxResults: 3, orderBy: ["metrics.rmse DESC"] } });
    expect(first.items.map((r) => r.run.name)).toEqual(["c", "b", "a"]);
    expect(first.items[0]!.params).toEqual([{ key: "algorithm", value: "gbdt" }]);
    const second = await searchRuns({ ctx: ctx.viewer, input: { experimentIds: [exp.id], maxResults: 3, orderBy: ["metrics.rmse DESC"], pageToken: first.nextPageToken! } });
    expect([second.items.map((r) => r.run.name), second.nextPageToken]).toEqual([["d"], null]);
    await expect(searchRuns({ ctx: ctx.viewer, input: { experimentIds: [exp.id], pageToken: "garbage" } })).rejects.toMatchObject({ field: "page_token" });
    expect((await searchRuns({ ctx: other.ctx.admin, input: { experimentIds: [exp.id] } })).items).toEqual([]);
  });

  it("compares runs: params, latest metrics and the histories of shared metrics", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const exp = await createExperiment({ ctx: ctx.member, input: { name: "cmp" } });
    const ids: string[] = [];
    for (const lr of ["0.1", "0.05"]) {
      const run = await createRun({ ctx: ctx.member, input: { experimentId: exp.id } });
      await logBatch({
        ctx: ctx.member,
        input: { runId: run.id, params: [{ key: "lr", value: lr }], metrics: [0, 1].map((step) => ({ key: "loss", value: Number(lr) * (2 - step), timestamp: step, step })) },
      });
      ids.push(run.id);
    }
    const cmp = await compareRuns({ ctx: ctx.viewer, input: { runIds: ids } });
    expect(cmp.sharedMetrics).toEqual(["loss"]);
    expect(cmp.history[0]!.series).toEqual([[{ x: 0, y: 0.2 }, { x: 1, y: 0.1 }], [{ x: 0, y: 0.1 }, { x: 1, y: 0.05 }]]);
    expect(cmp.runs.map((r) => r.params[0]!.value)).toEqual(["0.1", "0.05"]);
    await expect(compareRuns({ ctx: ctx.viewer, input: { runIds: [ids[0]!] } })).rejects.toThrow(/at least 2 runs/);
  });

  it("renames, deletes and searches experiments", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const a = await createExperiment({ ctx: ctx.member, input: { name: "alpha", tags: [{ key: "desk", value: "rates" }] } });
    await createExperiment({ ctx: ctx.member, input: { name: "beta" } });
    await expect(renameExperiment({ ctx: ctx.member, input: { experimentId: a.id, newName: "beta" } })).rejects.toMatchObject({ code: "CONFLICT" });
    await renameExperiment({ ctx: ctx.member, input: { experimentId: a.id, newName: "alpha-2" } });
    await setExperimentLifecycle({ ctx: ctx.admin, input: { experimentId: a.id, stage: "deleted" } });
    expect((await searchExperiments({ ctx: ctx.viewer, input: {} })).items.map((e) => e.name)).toEqual(["beta"]);
    const all = await searchExperiments({ ctx: ctx.viewer, input: { viewType: "ALL" } });
    expect(all.items.map((e) => [e.name, e.lifecycleStage, e.tags])).toEqual([["alpha-2", "deleted", [{ key: "desk", value: "rates" }]], ["beta", "active", []]]);
    await expect(createRun({ ctx: ctx.member, input: { experimentId: a.id } })).rejects.toThrow(/is deleted/);
  });
});

import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { auditLog, modelVersions } from "@/db/schema";
import { describeWithDatabase } from "@/db/testing/databases";
import { makeTeamWithRoles } from "../testing";
import { createExperiment } from "../tracking/experiments";
import { logBatch } from "../tracking/log-batch";
import { createRun } from "../tracking/runs";
import { deleteAlias, getVersionByAlias, setAlias } from "./aliases";
import { createModelVersion, createRegisteredModel, getRegisteredModel, searchRegisteredModels } from "./models";
import { approveTransition, listTransitionRequests, rejectTransition, requestProduction, rollbackProduction, transitionStage } from "./stages";

type Fixture = Awaited<ReturnType<typeof makeTeamWithRoles>>;

/** A model with one version per f1 value, each registered from a run with that f1. */
async function modelWithVersions(f: Fixture, f1s: number[], gates = {}) {
  const name = `m-${crypto.randomUUID().slice(0, 8)}`;
  await createRegisteredModel({ ctx: f.ctx.member, input: { name, gates } });
  const exp = await createExperiment({ ctx: f.ctx.member, input: { name: `e-${name}` } });
  for (const f1 of f1s) {
    const run = await createRun({ ctx: f.ctx.member, input: { experimentId: exp.id } });
    await logBatch({ ctx: f.ctx.member, input: { runId: run.id, metrics: [{ key: "f1", value: f1, timestamp: 1 }, { key: "accuracy", value: f1 + 0.1, timestamp: 1 }] } });
    await createModelVersion({ ctx: f.ctx.member, input: { name, source: `runs:/${run.id}/model`, runId: run.id } });
  }
  return name;
}

const stages = async (f: Fixture, name: string) => (await getRegisteredModel({ ctx: f.ctx.viewer, input: { name } })).versions.map((v) => `${v.version}:${v.stage}`).reverse();

describeWithDatabase("model registry", (database) => {
  it("promotes through a reviewed request, archiving the previous Production version, and rolls back", async () => {
    const { db } = database();
    const f = await makeTeamWithRoles(db);
    const name = await modelWithVersions(f, [0.7, 0.72]);
    const v1 = (await getRegisteredModel({ ctx: f.ctx.viewer, input: { name } })).versions[1]!;
    expect(v1.metrics).toEqual({ f1: 0.7, accuracy: 0.7 + 0.1 });
    await transitionStage({ ctx: f.ctx.member, input: { name, version: 1, stage: "Staging" } });
    await expect(transitionStage({ ctx: f.ctx.member, input: { name, version: 1, stage: "Production" } })).rejects.toThrow(/needs a reviewed request/);

    const r1 = await requestProduction({ ctx: f.ctx.member, input: { name, version: 1 } });
    await expect(approveTransition({ ctx: f.ctx.member, input: { requestId: r1.id } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(approveTransition({ ctx: { ...f.ctx.reviewer, actor: f.ctx.member.actor }, input: { requestId: r1.id } })).rejects.toThrow(/requester cannot decide/);
    await approveTransition({ ctx: f.ctx.reviewer, input: { requestId: r1.id, comment: "ok" } });
    expect(await stages(f, name)).toEqual(["1:Production", "2:None"]);

    const r2 = await requestProduction({ ctx: f.ctx.member, input: { name, version: 2 } });
    expect((await listTransitionRequests({ ctx: f.ctx.viewer, input: { status: "pending" } })).map((r) => r.id)).toEqual([r2.id]);
    await approveTransition({ ctx: f.ctx.admin, input: { requestId: r2.id } });
    expect(await stages(f, name)).toEqual(["1:Archived", "2:Production"]);
    await expect(approveTransition({ ctx: f.ctx.admin, input: { requestId: r2.id } })).rejects.toThrow(/already approved/);

    await expect(rollbackProduction({ ctx: f.ctx.member, input: { name, version: 1 } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await rollbackProduction({ ctx: f.ctx.reviewer, input: { name, version: 1 } })).toEqual({ model: name, from: 2, to: 1 });
    expect(await stages(f, name)).toEqual(["1:Production", "2:Archived"]);

    const actions = (await db.select().from(auditLog).where(eq(auditLog.teamId, f.team.id))).map((a) => a.action);
    expect(actions.filter((a) => a !== "member.add" && a !== "team.create")).toEqual([
      "model.version.stage",
      "transition.request",
      "model.version.promote",
      "transition.approve",
      "transition.request",
      "model.version.archive",
      "model.version.promote",
      "transition.approve",
      "model.version.archive",
      "model.rollback",
    ]);
    const timeline = (await getRegisteredModel({ ctx: f.ctx.viewer, input: { name } })).events.map((e) => `${e.kind}:${e.fromValue}->${e.toValue}`);
    expect(timeline).toEqual(["stage:None->Staging", "stage:Staging->Production", "stage:Production->Archived", "stage:None->Production", "stage:Production->Archived", "stage:Archived->Production"]);
  });

  it("blocks approval when gates fail, and lets a reviewer reject", async () => {
    const { db } = database();
    const f = await makeTeamWithRoles(db);
    const name = await modelWithVersions(f, [0.6, 0.8], { metrics: { f1: { min: 0.65 }, accuracy: { min: 0.7 } } });
    const bad = await requestProduction({ ctx: f.ctx.member, input: { name, version: 1 } });
    // accuracy is f1 + 0.1 = 0.7, which is not above 0.7.
    expect(bad.gateResults.map((g) => [g.gate, g.passed])).toEqual([["f1 > 0.65", false], ["accuracy > 0.7", false]]);
    await expect(approveTransition({ ctx: f.ctx.reviewer, input: { requestId: bad.id } })).rejects.toThrow(
      "gates failed: f1 > 0.65 (f1 = 0.6); accuracy > 0.7 (accuracy = 0.7)",
    );
    await rejectTransition({ ctx: f.ctx.reviewer, input: { requestId: bad.id, comment: "f1 too low" } });
    const good = await requestProduction({ ctx: f.ctx.member, input: { name, version: 2 } });
    await approveTransition({ ctx: f.ctx.reviewer, input: { requestId: good.id } });
    expect(await stages(f, name)).toEqual(["1:None", "2:Production"]);
  });

  it("keeps one Production version when two reviewers approve different versions at the same moment", async () => {
    const { db } = database();
    const f = await makeTeamWithRoles(db);
    const name = await modelWithVersions(f, [0.7, 0.71, 0.72]);
    const a = await requestProduction({ ctx: f.ctx.member, input: { name, version: 2 } });
    const b = await requestProduction({ ctx: f.ctx.member, input: { name, version: 3 } });
    const results = await Promise.allSettled([
      approveTransition({ ctx: f.ctx.reviewer, input: { requestId: a.id } }),
      approveTransition({ ctx: f.ctx.admin, input: { requestId: b.id } }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled").length).toBeGreaterThanOrEqual(1);
    const model = (await searchRegisteredModels({ ctx: f.ctx.viewer, input: {} })).find((m) => m.name === name)!;
    const prod = await db.select().from(modelVersions).where(and(eq(modelVersions.modelId, model.id), eq(modelVersions.stage, "Production")));
    expect(prod).toHaveLength(1);
  });

  it("moves aliases with history, and keeps everything inside the team", async () => {
    const { db } = database();
    const f = await makeTeamWithRoles(db);
    const other = await makeTeamWithRoles(db);
    const name = await modelWithVersions(f, [0.7, 0.75]);
    await setAlias({ ctx: f.ctx.member, input: { name, alias: "champion", version: 1 } });
    expect(await setAlias({ ctx: f.ctx.member, input: { name, alias: "champion", version: 2 } })).toEqual({ alias: "champion", version: 2 });
    expect((await getVersionByAlias({ ctx: f.ctx.viewer, input: { name, alias: "champion" } })).version).toBe(2);
    await expect(setAlias({ ctx: f.ctx.member, input: { name, alias: "v1", version: 1 } })).rejects.toThrow(/reserved/);
    await expect(setAlias({ ctx: f.ctx.viewer, input: { name, alias: "x", version: 1 } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await deleteAlias({ ctx: f.ctx.member, input: { name, alias: "champion" } });
    const events = (await getRegisteredModel({ ctx: f.ctx.viewer, input: { name } })).events.filter((e) => e.kind === "alias").map((e) => [e.alias, e.fromValue, e.toValue]);
    expect(events).toEqual([["champion", null, "1"], ["champion", "1", "2"], ["champion", null, null]]);
    await expect(getRegisteredModel({ ctx: other.ctx.admin, input: { name } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(createRegisteredModel({ ctx: f.ctx.member, input: { name } })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

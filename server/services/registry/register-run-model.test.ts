import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { registeredModels } from "@/db/schema";
import { describeWithDatabase } from "@/db/testing/databases";
import { makeTeamWithRoles } from "../testing";
import { createExperiment } from "../tracking/experiments";
import { createRun } from "../tracking/runs";
import { getRegisteredModel } from "./models";
import { registerRunModel } from "./register-run-model";

describeWithDatabase("registerRunModel", (database) => {
  it("creates the model once and numbers each registration of a run as the next version", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const exp = await createExperiment({ ctx: ctx.member, input: { name: "wf" } });
    const run = await createRun({ ctx: ctx.member, input: { experimentId: exp.id } });
    expect(await registerRunModel(ctx.member, { model: "spx-gbdt", runId: run.id })).toEqual({ name: "spx-gbdt", version: 1 });
    expect(await registerRunModel(ctx.member, { model: "spx-gbdt", runId: run.id, description: "again" })).toEqual({ name: "spx-gbdt", version: 2 });
    const model = await getRegisteredModel({ ctx: ctx.viewer, input: { name: "spx-gbdt" } });
    expect(model.versions.map((v) => [v.version, v.source, v.runId, v.description])).toEqual([
      [2, `runs:/${run.id}/model`, run.id, "again"],
      [1, `runs:/${run.id}/model`, run.id, ""],
    ]);
  });

  it("refuses another team's run and a viewer, leaving no new model behind", async () => {
    const { db } = database();
    const { ctx, team } = await makeTeamWithRoles(db);
    const other = await makeTeamWithRoles(db);
    const exp = await createExperiment({ ctx: other.ctx.member, input: { name: "theirs" } });
    const theirs = await createRun({ ctx: other.ctx.member, input: { experimentId: exp.id } });
    await expect(registerRunModel(ctx.admin, { model: "stolen", runId: theirs.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const mine = await createRun({ ctx: ctx.member, input: { experimentId: (await createExperiment({ ctx: ctx.member, input: { name: "mine" } })).id } });
    await expect(registerRunModel(ctx.viewer, { model: "viewer-model", runId: mine.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.select().from(registeredModels).where(eq(registeredModels.teamId, team.id))).toEqual([]);
  });
});

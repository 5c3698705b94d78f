import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema";
import { describeWithDatabase } from "@/db/testing/databases";
import { makeTeamWithRoles } from "../testing";
import { importRegisteredModels } from "./import-models";
import { listRegisteredModels } from "./list-models";
import { getRegisteredModel } from "./models";
import { seededStages, seededVersionCount, seedRegistry } from "./seed-registry";

describe("seeded registry shape", () => {
  it("gives even models a Production version under the newest, older ones Archived, every third a Staging newest", () => {
    expect(seededStages(0, 4)).toEqual(["Archived", "Archived", "Production", "Staging"]);
    expect(seededStages(1, 3)).toEqual(["None", "None", "None"]);
    expect(seededStages(2, 2)).toEqual(["Production", "None"]);
    expect(seededStages(3, 2)).toEqual(["None", "Staging"]);
    expect(seededStages(4, 1)).toEqual(["None"]);
  });

  it("spreads the versions evenly, the first models taking the remainder", () => {
    expect([0, 1, 2, 3, 4].map((i) => seededVersionCount(i, 5, 12))).toEqual([3, 3, 2, 2, 2]);
    expect([0, 999].map((i) => seededVersionCount(i, 1000, 10_000))).toEqual([10, 10]);
  });
});

describeWithDatabase("registry import", (database) => {
  it("creates models, numbered versions, timeline events and one audit row per model; a second run adds nothing", async () => {
    const { db } = database();
    const f = await makeTeamWithRoles(db);
    const input = {
      models: [
        { name: "imp-a", versions: [{ source: "s3://a/1", stage: "Archived" as const }, { source: "s3://a/2", stage: "Production" as const, metrics: { f1: 0.7 } }] },
        { name: "imp-b", versions: [{ source: "s3://b/1" }] },
      ],
    };
    expect(await importRegisteredModels({ ctx: f.ctx.reviewer, input })).toEqual({ created: 2, versions: 3, skipped: [] });
    const a = await getRegisteredModel({ ctx: f.ctx.viewer, input: { name: "imp-a" } });
    expect(a.versions.map((v) => [v.version, v.stage, v.source, v.metrics])).toEqual([
      [2, "Production", "s3://a/2", { f1: 0.7 }],
      [1, "Archived", "s3://a/1", {}],
    ]);
    expect(a.events.map((e) => `${e.fromValue}->${e.toValue}`).sort()).toEqual(["None->Archived", "None->Production"]);
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.teamId, f.team.id), eq(auditLog.action, "model.import")));
    expect(audits.map((r) => r.after).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)))).toEqual([
      { model: "imp-a", versions: 2, stages: { 1: "Archived", 2: "Production" } },
      { model: "imp-b", versions: 1, stages: {} },
    ]);
    expect(audits.every((r) => r.actorEmail === f.users.reviewer.email)).toBe(true);

    expect(await importRegisteredModels({ ctx: f.ctx.reviewer, input })).toEqual({ created: 0, versions: 0, skipped: ["imp-a", "imp-b"] });
    expect((await getRegisteredModel({ ctx: f.ctx.viewer, input: { name: "imp-a" } })).versions).toHaveLength(2);
  });

  it("takes a reviewer to import a Production version, and refuses duplicates", async () => {
    const { db } = database();
    const f = await makeTeamWithRoles(db);
    const production = { models: [{ name: "p", versions: [{ source: "s", stage: "Production" as const }] }] };
    await expect(importRegisteredModels({ ctx: f.ctx.member, input: production })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(importRegisteredModels({ ctx: f.ctx.viewer, input: { models: [{ name: "v", versions: [] }] } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await importRegisteredModels({ ctx: f.ctx.member, input: { models: [{ name: "m", versions: [{ source: "s", stage: "Staging" }] }] } })).toMatchObject({ created: 1 });
    await expect(importRegisteredModels({ ctx: f.ctx.admin, input: { models: [{ name: "d", versions: [] }, { name: "d", versions: [] }] } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      field: "models[1].name",
    });
    const twice = { models: [{ name: "t", versions: [{ source: "s", stage: "Production" as const }, { source: "s", stage: "Production" as const }] }] };
    await expect(importRegisteredModels({ ctx: f.ctx.admin, input: twice })).rejects.toMatchObject({ field: "models[0].versions" });
  });

  it("seeds N models and M versions under a prefix, idempotently", async () => {
    const { db } = database();
    const f = await makeTeamWithRoles(db);
    const progress: number[] = [];
    const input = { models: 205, versions: 412, prefix: "load" };
    expect(await seedRegistry({ ctx: f.ctx.admin, input, onProgress: (p) => progress.push(p.models) })).toEqual({ models: 205, created: 205, versions: 412 });
    expect(progress).toEqual([100, 200, 205]);
    const page = await listRegisteredModels({ ctx: f.ctx.viewer, input: { search: "load-000", limit: 3 } });
    // 412 = 2 × 205 + 2: models 0 and 1 get 3 versions; model 0 has v2 in Production and v3 in Staging.
    expect(page.items.map((m) => [m.name, m.versionCount, m.production, m.staging])).toEqual([
      ["load-0000", 3, 2, 3],
      ["load-0001", 3, null, null],
      ["load-0002", 2, 1, null],
    ]);
    expect(page.total).toBe(10);
    expect((await listRegisteredModels({ ctx: f.ctx.viewer, input: { search: "load-" } })).total).toBe(205);
    expect(await seedRegistry({ ctx: f.ctx.admin, input })).toEqual({ models: 205, created: 0, versions: 0 });
  });
});

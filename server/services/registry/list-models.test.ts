import { beforeAll, expect, it } from "vitest";
import type { Stage } from "@/db/schema";
import { describeWithDatabase } from "@/db/testing/databases";
import { makeTeamWithRoles } from "../testing";
import { importRegisteredModels } from "./import-models";
import { listRegisteredModels } from "./list-models";
import { searchRegisteredModels } from "./models";

type Fixture = Awaited<ReturnType<typeof makeTeamWithRoles>>;

const importModels = (f: Fixture, models: Record<string, Stage[]>) =>
  importRegisteredModels({
    ctx: f.ctx.admin,
    input: { models: Object.entries(models).map(([name, stages]) => ({ name, versions: stages.map((stage, i) => ({ source: `s3://m/${name}/${i + 1}`, stage })) })) },
  });

/** name: versions latest(latest stage) production staging */
const line = (m: { name: string; versionCount: number; latestVersion: number | null; latestStage: string | null; production: number | null; staging: number | null }) =>
  `${m.name}: ${m.versionCount} ${m.latestVersion ?? "-"}(${m.latestStage ?? "-"}) P${m.production ?? "-"} S${m.staging ?? "-"}`;

describeWithDatabase("registry list", (database) => {
  let f: Fixture;
  let other: Fixture;
  const list = async (input: Parameters<typeof listRegisteredModels>[0]["input"], team = f) => {
    const page = await listRegisteredModels({ ctx: team.ctx.viewer, input });
    return { total: page.total, nextCursor: page.nextCursor, rows: page.items.map(line) };
  };

  // Two teams whose model names overlap (the database opens in an earlier beforeAll).
  beforeAll(async () => {
    const { db } = database();
    f = await makeTeamWithRoles(db);
    other = await makeTeamWithRoles(db);
    await importModels(f, {
      "alpha-fx": ["Archived", "Production", "Staging"],
      "alpha-rates": ["Staging", "None"],
      beta_fx: ["None"],
      betaxfx: [],
    });
    await importModels(other, { "alpha-fx": ["Production"], "alpha-other": ["None"] });
  });

  it("lists a team's models by name with version count, latest version and stage, Production and Staging", async () => {
    expect(await list({})).toEqual({
      total: 4,
      nextCursor: null,
      rows: ["alpha-fx: 3 3(Staging) P2 S3", "alpha-rates: 2 2(None) P- S1", "beta_fx: 1 1(None) P- S-", "betaxfx: 0 -(-) P- S-"],
    });
    // Another team's models with the same names never appear, nor their versions in the counts.
    expect(await list({}, other)).toEqual({ total: 2, nextCursor: null, rows: ["alpha-fx: 1 1(Production) P1 S-", "alpha-other: 1 1(None) P- S-"] });
  });

  it("searches part of the name, ignoring case, with % and _ taken literally", async () => {
    expect((await list({ search: "ALPHA" })).rows).toEqual(["alpha-fx: 3 3(Staging) P2 S3", "alpha-rates: 2 2(None) P- S1"]);
    expect((await list({ search: "a_f" })).rows).toEqual(["beta_fx: 1 1(None) P- S-"]);
    expect(await list({ search: "%" })).toEqual({ total: 0, nextCursor: null, rows: [] });
    expect((await list({ search: "  fx " })).rows.map((r) => r.split(":")[0])).toEqual(["alpha-fx", "beta_fx", "betaxfx"]);
    expect((await list({ search: "other" })).rows).toEqual([]);
  });

  it("filters by stage: models with at least one version in it, combined with the search", async () => {
    const names = async (input: Parameters<typeof list>[0]) => (await list(input)).rows.map((r) => r.split(":")[0]);
    expect(await names({ stage: "Production" })).toEqual(["alpha-fx"]);
    expect(await names({ stage: "Staging" })).toEqual(["alpha-fx", "alpha-rates"]);
    expect(await names({ stage: "Archived" })).toEqual(["alpha-fx"]);
    expect(await names({ stage: "None" })).toEqual(["alpha-rates", "beta_fx"]);
    expect(await names({ stage: "None", search: "fx" })).toEqual(["beta_fx"]);
  });

  it("pages with a cursor, counting every match", async () => {
    expect(await list({ limit: 3 })).toEqual({
      total: 4,
      nextCursor: 3,
      rows: ["alpha-fx: 3 3(Staging) P2 S3", "alpha-rates: 2 2(None) P- S1", "beta_fx: 1 1(None) P- S-"],
    });
    expect(await list({ limit: 3, cursor: 3 })).toEqual({ total: 4, nextCursor: null, rows: ["betaxfx: 0 -(-) P- S-"] });
    expect(await list({ search: "fx", limit: 1, cursor: 1 })).toEqual({ total: 3, nextCursor: 2, rows: ["beta_fx: 1 1(None) P- S-"] });
  });

  it("refuses bad input, naming the field", async () => {
    await expect(list({ limit: 0 })).rejects.toThrow(/limit/);
    await expect(list({ cursor: -1 })).rejects.toThrow(/cursor must not be negative/);
    await expect(list({ stage: "Prod" as Stage })).rejects.toThrow(/stage must be one of None, Staging, Production, Archived/);
  });

  it("gives MLflow's search the same summaries for a LIKE pattern", async () => {
    const found = await searchRegisteredModels({ ctx: f.ctx.viewer, input: { nameLike: "alpha%" } });
    expect(found.map(line)).toEqual(["alpha-fx: 3 3(Staging) P2 S3", "alpha-rates: 2 2(None) P- S1"]);
  });
});

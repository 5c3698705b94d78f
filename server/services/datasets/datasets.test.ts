import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { datasets, datasetVersions } from "@/db/schema";
import { describeWithDatabase } from "@/db/testing/databases";
import { LocalArtifactBackend } from "../artifacts/local-backend";
import { makeTeamWithRoles } from "../testing";
import { generateSyntheticDataset } from "./generate-synthetic";
import { importDataset } from "./import-dataset";
import { listDatasets } from "./list-datasets";
import { loadDatasetSeries } from "./load-series";
import { datasetChartData } from "./chart-data";

const dir = mkdtempSync(path.join(tmpdir(), "foldline-datasets-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CSV = `date,open,high,low,close,volume
2024-01-02,100,101,99,100.5,1000
2024-01-03,100.5,102,100,101.5,1200
2024-01-04,101.5,103,101,102,900
`;
const body = (text: string) => (async function* () {
  yield new TextEncoder().encode(text);
})();

/** The first (for single-symbol files, only) stored dataset version of an import. */
const importOne = async (args: Parameters<typeof importDataset>[0]) => (await importDataset(args))[0]!;

describeWithDatabase("datasets", (database) => {
  const backend = () => new LocalArtifactBackend(path.join(dir, database().kind));

  it("imports a CSV as version 1, a re-upload as version 2, and reads the bars back", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const first = await importOne({ ctx: ctx.member, input: { name: "Desk ES", format: "csv", symbol: "ES", filename: "es.csv" }, body: body(CSV), backend: backend() });
    expect([first.version.version, first.version.rowCount, first.dataset.kind]).toEqual([1, 3, "real"]);
    expect(first.version.symbols).toEqual([{ symbol: "ES", rows: 3, firstBar: "2024-01-02T00:00:00.000Z", lastBar: "2024-01-04T00:00:00.000Z" }]);
    const second = await importOne({
      ctx: ctx.admin,
      input: { name: "Desk ES", format: "csv", symbol: "ES" },
      body: body(CSV + "2024-01-05,102,104,101,103,1100\n"),
      backend: backend(),
    });
    expect([second.version.version, second.version.rowCount, second.dataset.id]).toEqual([2, 4, first.dataset.id]);
    expect(second.version.sha256).not.toBe(first.version.sha256);
    const v1 = await loadDatasetSeries({ ctx: ctx.viewer, input: { datasetId: first.dataset.id, version: 1 } }, backend());
    expect(Array.from(v1.series.close)).toEqual([100.5, 101.5, 102]);
    const latest = await loadDatasetSeries({ ctx: ctx.viewer, input: { datasetId: first.dataset.id } }, backend());
    expect(latest.version.version).toBe(2);
    expect(latest.series.close[3]).toBe(103);
  });

  it("refuses a file with errors whole, with a report naming rows, storing nothing", async () => {
    const { db } = database();
    const { ctx, team } = await makeTeamWithRoles(db);
    const bad = `date,open,high,low,close,volume
2024-01-02,100,101,99,100.5,1000
2024-01-02,100.5,102,100,101.5,1200
2024-01-04,101.5,100,101,102,-5
`;
    const err = await importDataset({ ctx: ctx.member, input: { name: "Bad", format: "csv" }, body: body(bad), backend: backend() }).catch((e) => e);
    expect(err).toMatchObject({ code: "UNPROCESSABLE", field: "file", message: "the file has 3 errors in 3 rows; nothing was stored" });
    const issues = (err.details as { issues: { kind: string; row: number }[] }).issues.filter((i) => i.kind !== "gap").map((i) => [i.kind, i.row]);
    expect(issues).toEqual([["duplicate_timestamp", 2], ["high_below_open_close", 3], ["negative_volume", 3]]);
    expect(await db.select().from(datasets).where(eq(datasets.teamId, team.id))).toEqual([]);
    expect(await db.select().from(datasetVersions).where(eq(datasetVersions.teamId, team.id))).toEqual([]);
  });

  it("refuses viewers, other teams and bad names", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const other = await makeTeamWithRoles(db);
    await expect(importDataset({ ctx: ctx.viewer, input: { name: "X", format: "csv" }, body: body(CSV), backend: backend() })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(importDataset({ ctx: ctx.member, input: { name: "", format: "csv" }, body: body(CSV), backend: backend() })).rejects.toThrow(/enter a dataset name/);
    await expect(importDataset({ ctx: ctx.member, input: { name: "X", format: "xls" as never }, body: body(CSV), backend: backend() })).rejects.toThrow(/csv or parquet/);
    const mine = await importOne({ ctx: ctx.member, input: { name: "Mine", format: "csv" }, body: body(CSV), backend: backend() });
    await expect(loadDatasetSeries({ ctx: other.ctx.admin, input: { datasetId: mine.dataset.id } }, backend())).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await listDatasets({ ctx: other.ctx.admin })).toEqual([]);
  });

  it("serves chart data: the last bars in seconds, with overlays computed on the whole series", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const rows = Array.from({ length: 30 }, (_, i) => `2024-02-${String(i + 1).padStart(2, "0")}T00:00:00Z,${i + 1},${i + 2},${i},${i + 1},10`).slice(0, 29);
    const up = await importOne({ ctx: ctx.member, input: { name: "Ramp", format: "csv" }, body: body(`timestamp,open,high,low,close,volume\n${rows.join("\n")}\n`), backend: backend() });
    const chart = await datasetChartData({ ctx: ctx.viewer, input: { datasetId: up.dataset.id, overlays: ["sma20"], maxBars: 10 } }, backend());
    expect(chart.totalBars).toBe(29);
    expect(chart.time[0]).toBe(Date.UTC(2024, 1, 20) / 1000);
    expect(chart.close).toEqual([20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
    // SMA20 of closes 1..29 at bar k (1-based) is k − 9.5 once 20 bars exist.
    expect(chart.overlays).toEqual([{ name: "sma20", values: [10.5, 11.5, 12.5, 13.5, 14.5, 15.5, 16.5, 17.5, 18.5, 19.5] }]);
    const early = await datasetChartData({ ctx: ctx.viewer, input: { datasetId: up.dataset.id, overlays: ["sma20"], maxBars: 29 } }, backend());
    expect(early.overlays[0]!.values.slice(18, 20)).toEqual([null, 10.5]);
  });

  it("splits a multi-symbol file into one dataset per symbol, in one transaction", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const multi = `timestamp,symbol,open,high,low,close,volume,sentiment
2024-01-02,AAA,10,11,9,10.5,100,0.2
2024-01-02,BBB,20,21,19,20.5,200,-0.1
2024-01-03,AAA,10.5,12,10,11,150,0.3
2024-01-03,BBB,20.5,22,20,21,250,0.0
`;
    const one = await importDataset({ ctx: ctx.member, input: { name: "Pair", format: "csv" }, body: body(multi), backend: backend() });
    expect(one.map((s) => [s.dataset.name, s.version.rowCount, s.version.symbols.map((x) => x.symbol), s.version.extraColumns])).toEqual([["Pair", 4, ["AAA", "BBB"], ["sentiment"]]]);
    const split = await importDataset({ ctx: ctx.member, input: { name: "Pair", format: "csv", splitBySymbol: true }, body: body(multi), backend: backend() });
    expect(split.map((s) => [s.dataset.name, s.version.version, s.version.rowCount])).toEqual([["Pair AAA", 1, 2], ["Pair BBB", 1, 2]]);
    const bbb = await loadDatasetSeries({ ctx: ctx.viewer, input: { datasetId: split[1]!.dataset.id } }, backend());
    expect([Array.from(bbb.series.close), Array.from(bbb.series.extra.sentiment!)]).toEqual([[20.5, 21], [-0.1, 0]]);
  });

  it("generates synthetic data labelled synthetic", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const s = await generateSyntheticDataset({ ctx: ctx.member, input: { name: "OU 1k", bars: 1000 }, backend: backend() });
    expect([s.dataset.kind, s.version.rowCount, s.version.source.format]).toEqual(["synthetic", 1000, "generator"]);
    const loaded = await loadDatasetSeries({ ctx: ctx.viewer, input: { datasetId: s.dataset.id } }, backend());
    expect(loaded.series.open[0]).toBe(100);
  });
});

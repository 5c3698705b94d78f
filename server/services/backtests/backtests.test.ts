import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { backtests } from "@/db/schema";
import { describeWithDatabase } from "@/db/testing/databases";
import { seedDemo } from "@/db/seed";
import { LocalArtifactBackend } from "../artifacts/local-backend";
import { generateSyntheticDataset } from "../datasets/generate-synthetic";
import { listDatasets } from "../datasets/list-datasets";
import { makeTeamWithRoles } from "../testing";
import { getBacktest, listBacktests } from "./get-backtest";
import { runSignalBacktest } from "./run-backtest";
import { runSignalSweep } from "./run-sweep";

const dir = mkdtempSync(path.join(tmpdir(), "foldline-backtests-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const W2_SETTINGS = { startCash: 100_000, sizing: { kind: "fixed", fraction: 0.1 }, costs: { feeBps: 5, slippageBps: 5, commissionPerShare: 0.001 } } as const;

describeWithDatabase("signal backtests", (database) => {
  const backend = () => new LocalArtifactBackend(path.join(dir, database().kind));

  /** SPX lives in the seeded demo team: its dataset, and a member's context there. */
  async function seededSpx() {
    const { db } = database();
    await seedDemo(db, backend());
    const { ctx } = await makeTeamWithRoles(db);
    const demo = await db.query.teams.findFirst({ where: (t, { eq: e }) => e(t.slug, "demo") });
    const demoCtx = { ...ctx.admin, team: demo!, role: "member" as const };
    const spx = (await listDatasets({ ctx: demoCtx })).find((d) => d.name === "SPX daily")!;
    return { ctx, demoCtx, spx };
  }

  it("runs SMA 50/200 on the seeded SPX with W2 rules: the W2b reference Sharpe, stored and readable", async () => {
    const { ctx, demoCtx, spx } = await seededSpx();
    const run = await runSignalBacktest({
      ctx: demoCtx,
      input: { target: { datasetId: spx.id }, strategy: { kind: "sma_crossover", fast: 50, slow: 200 }, settings: W2_SETTINGS },
      backend: backend(),
    });
    expect(run.metrics.sharpe).toBeCloseTo(0.330864, 6);
    expect([run.bars, run.symbol, run.title]).toEqual([5105, "SPX", "SMA crossover 50/200 on SPX daily SPX"]);
    const full = await getBacktest({ ctx: { ...demoCtx, role: "viewer" }, input: { id: run.id }, backend: backend() });
    expect(full.result.equity).toHaveLength(5105);
    expect(full.result.equity[0]).toBe(100_000);
    expect(full.result.trades.length).toBe(run.metrics.trades);
    expect(full.metricLabels.sharpe).toEqual({ label: "Sharpe ratio", unit: "ratio" });
    expect((await listBacktests({ ctx: demoCtx })).map((b) => b.id)).toContain(run.id);
    // Other teams see nothing of it.
    await expect(getBacktest({ ctx: ctx.admin, input: { id: run.id }, backend: backend() })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await listBacktests({ ctx: ctx.admin })).toEqual([]);
  });

  it("sweeps the W2b grid on SPX: the reference best pair, its deflated Sharpe and the PBO", async () => {
    const { ctx, demoCtx, spx } = await seededSpx();
    const run = await runSignalSweep({
      ctx: demoCtx,
      input: {
        target: { datasetId: spx.id },
        grid: { kind: "sma_crossover", fast: { from: 5, to: 50, step: 5 }, slow: { from: 20, to: 200, step: 5 } },
        settings: W2_SETTINGS,
      },
      backend: backend(),
    });
    expect(run.kind).toBe("sweep");
    expect(run.title).toBe("Sweep of 342 SMA crossovers on SPX daily SPX (best SMA crossover 5/190)");
    expect(run.metrics.sharpe).toBeCloseTo(0.347489, 6);
    expect(run.metrics.finalEquity).toBeCloseTo(112_657.44, 2);
    expect(run.metrics.pbo).toBeCloseTo(7674 / 12870, 12);
    expect(run.metrics.dsrOfBest).toBeCloseTo(0.3914254933868, 10);
    expect(run.metrics.combinations).toBe(342);
    const full = await getBacktest({ ctx: demoCtx, input: { id: run.id }, backend: backend() });
    const table = full.result.sweep!;
    expect(table.params[table.best]).toEqual({ fast: 5, slow: 190 });
    const at = (fast: number, slow: number) => table.sharpe[table.params.findIndex((p) => p.fast === fast && p.slow === slow)];
    expect([at(5, 20), at(10, 50), at(20, 100), at(50, 200)].map((v) => Number(v!.toFixed(6)))).toEqual([-0.371692, -0.112658, 0.09973, 0.330864]);
    await expect(
      runSignalSweep({ ctx: demoCtx, input: { target: { datasetId: spx.id }, grid: { kind: "sma_crossover", fast: { from: 1, to: 500, step: 1 }, slow: { from: 2, to: 1000, step: 1 } } }, backend: backend() }),
    ).rejects.toThrow(/at most 2,000 are allowed/);
  });

  it("windows by date with warm indicators, refuses viewers, bad windows and unrequested synthetic data", async () => {
    const { db } = database();
    const { ctx, team } = await makeTeamWithRoles(db);
    const synth = await generateSyntheticDataset({ ctx: ctx.member, input: { name: "OU", bars: 400 }, backend: backend() });
    const input = { target: { datasetId: synth.dataset.id }, strategy: { kind: "rsi_threshold" as const } };
    await expect(runSignalBacktest({ ctx: ctx.member, input, backend: backend() })).rejects.toMatchObject({ code: "BAD_REQUEST", field: "datasetId" });
    await expect(runSignalBacktest({ ctx: ctx.viewer, input, backend: backend() })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      runSignalBacktest({ ctx: ctx.member, input: { ...input, target: { ...input.target, allowSynthetic: true, start: "2000-03-01", end: "2000-02-01" } }, backend: backend() }),
    ).rejects.toThrow(/start must not be after end/);
    await expect(
      runSignalBacktest({ ctx: ctx.member, input: { ...input, target: { ...input.target, allowSynthetic: true, start: "2030-01-01" } }, backend: backend() }),
    ).rejects.toMatchObject({ message: "the window holds fewer than 2 bars" });
    const run = await runSignalBacktest({
      ctx: ctx.member,
      input: { target: { datasetId: synth.dataset.id, allowSynthetic: true, start: "2000-06-01", end: "2000-06-30" }, strategy: { kind: "sma_crossover", fast: 5, slow: 20 } },
      backend: backend(),
    });
    // The synthetic series has one bar per calendar day from 2000-01-01.
    expect([run.bars, run.windowStart.toISOString().slice(0, 10), run.windowEnd.toISOString().slice(0, 10)]).toEqual([30, "2000-06-01", "2000-06-30"]);
    const full = await getBacktest({ ctx: ctx.viewer, input: { id: run.id }, backend: backend() });
    // SMA20 is warm from the bars before June, so the position can be open from the first bar.
    expect(full.result.equity[1]).not.toBe(100_000);
    expect(await db.select().from(backtests).where(eq(backtests.teamId, team.id))).toHaveLength(1);
  });
});

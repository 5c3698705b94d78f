import { expect, it } from "vitest";
import { describeWithDatabase } from "@/db/testing/databases";
import { makeTeamWithRoles } from "../testing";
import { createExperiment } from "./experiments";
import { getMetricHistory, logBatch } from "./log-batch";
import { createRun, getRun } from "./runs";

describeWithDatabase("concurrent log-batch writers", (database) => {
  it("lose no point when eight writers log to one run at once, and the latest value is the highest step", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const exp = await createExperiment({ ctx: ctx.member, input: { name: "concurrent" } });
    const run = await createRun({ ctx: ctx.member, input: { experimentId: exp.id } });
    const WRITERS = 8, BATCHES = 10, POINTS = 250;
    // Writer w logs steps w, w + 8, w + 16, …: every writer touches the same two keys.
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        for (let b = 0; b < BATCHES; b++) {
          const metrics = Array.from({ length: POINTS }, (_, i) => {
            const step = (b * POINTS + i) * WRITERS + w;
            return { key: i % 2 ? "loss" : "acc", value: step, timestamp: 1_700_000_000_000 + step, step };
          });
          await logBatch({ ctx: ctx.member, input: { runId: run.id, metrics } });
        }
      }),
    );
    const loss = await getMetricHistory({ ctx: ctx.viewer, input: { runId: run.id, key: "loss" } });
    const acc = await getMetricHistory({ ctx: ctx.viewer, input: { runId: run.id, key: "acc" } });
    expect(loss.length + acc.length).toBe(WRITERS * BATCHES * POINTS);
    expect(new Set(loss.map((p) => p.step)).size).toBe(loss.length);
    const last = WRITERS * BATCHES * POINTS - 1;
    const latest = (await getRun({ ctx: ctx.viewer, input: { runId: run.id } })).metrics;
    expect(latest.map((m) => [m.key, m.step])).toEqual([
      ["acc", Math.max(...acc.map((p) => p.step))],
      ["loss", Math.max(...loss.map((p) => p.step))],
    ]);
    expect(Math.max(...loss.map((p) => p.step), ...acc.map((p) => p.step))).toBe(last);
  });
});

import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { rowsOf } from "@/db/rows";
import { runLatestMetrics, runMetrics, runParams, runs, runTags } from "@/db/schema";
import { requirePermission, type TeamCtx, withTx } from "../context";
import { ServiceError } from "../errors";
import { requireActiveRun, runInTeam } from "./access";
import { MAX_BATCH, MetricPoint, Param, RunId, Tag } from "./schemas";

export const LogBatchInput = z
  .object({
    runId: RunId,
    metrics: z.array(MetricPoint).max(MAX_BATCH.metrics, { message: `at most ${MAX_BATCH.metrics} metrics per batch` }).default([]),
    params: z.array(Param).max(MAX_BATCH.params, { message: `at most ${MAX_BATCH.params} params per batch` }).default([]),
    tags: z.array(Tag).max(MAX_BATCH.tags, { message: `at most ${MAX_BATCH.tags} tags per batch` }).default([]),
  })
  .refine((b) => b.metrics.length + b.params.length + b.tags.length <= MAX_BATCH.total, {
    message: `at most ${MAX_BATCH.total} metrics, params and tags in all per batch`,
  });
export type LogBatchInput = z.input<typeof LogBatchInput>;

/** MLflow stores NaN as 0 with a flag and clamps infinities to the largest double. */
function storedValue(v: number): { value: number; isNan: boolean } {
  if (Number.isNaN(v)) return { value: 0, isNan: true };
  if (v === Infinity) return { value: Number.MAX_VALUE, isNan: false };
  if (v === -Infinity) return { value: -Number.MAX_VALUE, isNan: false };
  return { value: v, isNan: false };
}

/** A PostgreSQL array literal as one text parameter (works the same on postgres.js and PGlite):
 * strings double-quoted with \\ and " escaped; numbers in full precision. */
function pgArray(values: (string | number | boolean)[]): string {
  const items = values.map((v) =>
    typeof v === "string" ? `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"` : typeof v === "number" ? String(v) : v ? "t" : "f",
  );
  return `{${items.join(",")}}`;
}

/**
 * Appends metric points to the run's history and moves its latest values, in ONE statement
 * (atomic without an explicit transaction, one round trip): the points go in only if the run is
 * the team's and active. Answers whether it was; the caller turns "no" into the precise error.
 */
async function appendMetrics(db: Db, teamId: string, runId: string, metrics: z.output<typeof MetricPoint>[]): Promise<boolean> {
  const rows = metrics.map((m) => ({ key: m.key, timestamp: m.timestamp, step: m.step, ...storedValue(m.value) }));
  // Five array parameters (unnest), not 7 × n scalar ones: parsed and planned once, and no batch
  // comes near the 65,535-parameter cap. The latest point per key is the max (step, timestamp),
  // a later point of the batch winning a tie, as when points are logged one by one.
  const result = await db.execute(sql`
    with run as (
      select id from ${runs} where id = ${runId}::uuid and team_id = ${teamId}::uuid and lifecycle_stage = 'active'
    ), points as (
      select k, v, n, ts, st, ord
      from unnest(${pgArray(rows.map((r) => r.key))}::text[], ${pgArray(rows.map((r) => r.value))}::float8[],
                  ${pgArray(rows.map((r) => r.isNan))}::bool[], ${pgArray(rows.map((r) => r.timestamp))}::int8[],
                  ${pgArray(rows.map((r) => r.step))}::int8[]) with ordinality as t(k, v, n, ts, st, ord)
      where exists (select 1 from run)
    ), history as (
      insert into ${runMetrics} (run_id, team_id, key, value, is_nan, timestamp, step)
      select ${runId}::uuid, ${teamId}::uuid, k, v, n, ts, st from points order by ord
    ), latest as (
      insert into ${runLatestMetrics} (run_id, team_id, key, value, is_nan, timestamp, step)
      select distinct on (k) ${runId}::uuid, ${teamId}::uuid, k, v, n, ts, st from points order by k, st desc, ts desc, ord desc
      on conflict (run_id, key) do update
        set value = excluded.value, is_nan = excluded.is_nan, timestamp = excluded.timestamp, step = excluded.step
        -- only a later point replaces the latest one
        where (excluded.step, excluded.timestamp) >= (${runLatestMetrics}.step, ${runLatestMetrics}.timestamp)
    )
    select exists (select 1 from run) as active`);
  return rowsOf<{ active: boolean }>(result)[0]!.active;
}

/**
 * Logs metrics (full history), params and tags to a run — the verb that log-metric, log-param
 * and set-tag are built on; all of a batch or none of it. A param, once logged, cannot change
 * (MLflow: INVALID_PARAMETER_VALUE); logging the same value again is fine. The latest value per
 * metric key (max step, then max timestamp) is kept for search. A metrics-only batch (the hot
 * path of training loops) is one statement.
 */
export async function logBatch({ ctx, input }: { ctx: TeamCtx; input: LogBatchInput }) {
  requirePermission(ctx, "run:log");
  const b = LogBatchInput.parse(input);
  const teamId = ctx.team.id;
  if (!b.params.length && !b.tags.length && b.metrics.length) {
    if (!(await appendMetrics(ctx.db, teamId, b.runId, b.metrics))) requireActiveRun(await runInTeam(ctx.db, ctx, b.runId));
    return;
  }
  const run = await runInTeam(ctx.db, ctx, b.runId);
  requireActiveRun(run);
  await withTx(ctx, async (tx) => {
    if (b.params.length) {
      const seen = new Map<string, string>();
      for (const p of b.params) {
        if (seen.has(p.key) && seen.get(p.key) !== p.value) throw new ServiceError("BAD_REQUEST", `param "${p.key}" is given twice with different values`, "params");
        seen.set(p.key, p.value);
      }
      const existing = await tx
        .select({ key: runParams.key, value: runParams.value })
        .from(runParams)
        .where(and(eq(runParams.runId, run.id), inArray(runParams.key, [...seen.keys()])));
      for (const e of existing) {
        if (seen.get(e.key) !== e.value) {
          throw new ServiceError("BAD_REQUEST", `param "${e.key}" was logged as "${e.value}"; a logged param cannot change (new value "${seen.get(e.key)}")`, "params");
        }
      }
      const fresh = [...seen].filter(([k]) => !existing.some((e) => e.key === k));
      if (fresh.length) await tx.insert(runParams).values(fresh.map(([key, value]) => ({ runId: run.id, teamId, key, value })));
    }
    if (b.tags.length) {
      const last = new Map(b.tags.map((t) => [t.key, t.value]));
      await tx
        .insert(runTags)
        .values([...last].map(([key, value]) => ({ runId: run.id, teamId, key, value })))
        .onConflictDoUpdate({ target: [runTags.runId, runTags.key], set: { value: sql`excluded.value` } });
    }
    if (b.metrics.length && !(await appendMetrics(tx, teamId, run.id, b.metrics))) requireActiveRun({ ...run, lifecycleStage: "deleted" });
  });
}

/** Every logged point of one metric of a run, in step then timestamp order. */
export async function getMetricHistory({ ctx, input }: { ctx: TeamCtx; input: { runId: unknown; key: string } }) {
  requirePermission(ctx, "run:read");
  const run = await runInTeam(ctx.db, ctx, RunId.parse(input.runId));
  return ctx.db
    .select({ key: runMetrics.key, value: runMetrics.value, isNan: runMetrics.isNan, timestamp: runMetrics.timestamp, step: runMetrics.step })
    .from(runMetrics)
    .where(and(eq(runMetrics.runId, run.id), eq(runMetrics.key, input.key)))
    .orderBy(asc(runMetrics.step), asc(runMetrics.timestamp), asc(runMetrics.id));
}

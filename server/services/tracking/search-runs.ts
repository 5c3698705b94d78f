import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { runLatestMetrics, runParams, runs, runTags } from "@/db/schema";
import { requirePermission, type TeamCtx } from "../context";
import { ServiceError } from "../errors";
import { type FilterClause, FilterSyntaxError, parseOrderBy, parseRunFilter } from "./run-filter";
import { ExperimentId } from "./schemas";

export const SearchRunsInput = z.object({
  experimentIds: z.array(ExperimentId).min(1, { message: "give at least one experiment id" }).max(100),
  filter: z.string().max(10_000).optional(),
  runViewType: z.enum(["ACTIVE_ONLY", "DELETED_ONLY", "ALL"]).default("ACTIVE_ONLY"),
  maxResults: z.number().int().min(1).max(50_000).default(1000),
  orderBy: z.array(z.string()).max(10).default([]),
  /** Opaque token from a previous page (MLflow's page_token). */
  pageToken: z.string().optional(),
});
export type SearchRunsInput = z.input<typeof SearchRunsInput>;

const ATTRIBUTE_COLUMNS = { status: runs.status, run_name: runs.name, run_id: runs.id, start_time: runs.startTime, end_time: runs.endTime } as const;

function compare(column: SQL | SQL.Aliased | typeof runs.name, op: FilterClause["op"], value: FilterClause["value"]): SQL {
  switch (op) {
    case "IN":
      return sql`${column} in ${value as string[]}`;
    case "NOT IN":
      return sql`${column} not in ${value as string[]}`;
    case "LIKE":
      return sql`${column} like ${value}`;
    case "ILIKE":
      return sql`${column} ilike ${value}`;
    default:
      return sql`${column} ${sql.raw(op === "!=" ? "<>" : op)} ${value}`;
  }
}

/** One clause as SQL over `runs` (metrics: the latest value, NaN never matches). */
function clauseSql(c: FilterClause): SQL {
  switch (c.kind) {
    case "metric":
      return sql`exists (select 1 from ${runLatestMetrics} m where m.run_id = ${runs.id} and m.key = ${c.key} and not m.is_nan and ${compare(sql`m.value`, c.op, c.value)})`;
    case "param":
      return sql`exists (select 1 from ${runParams} p where p.run_id = ${runs.id} and p.key = ${c.key} and ${compare(sql`p.value`, c.op, c.value)})`;
    case "tag":
      return sql`exists (select 1 from ${runTags} t where t.run_id = ${runs.id} and t.key = ${c.key} and ${compare(sql`t.value`, c.op, c.value)})`;
    case "attribute": {
      const col = ATTRIBUTE_COLUMNS[c.key as keyof typeof ATTRIBUTE_COLUMNS];
      return compare(c.key === "run_id" || c.key === "status" ? sql`${col}::text` : sql`${col}`, c.op, c.value);
    }
  }
}

function orderSql(term: string): SQL {
  const o = parseOrderBy(term);
  const dir = sql.raw(o.desc ? "desc nulls last" : "asc nulls last");
  switch (o.kind) {
    case "metric":
      return sql`(select m.value from ${runLatestMetrics} m where m.run_id = ${runs.id} and m.key = ${o.key} and not m.is_nan) ${dir}`;
    case "param":
      return sql`(select p.value from ${runParams} p where p.run_id = ${runs.id} and p.key = ${o.key}) ${dir}`;
    case "tag":
      return sql`(select t.value from ${runTags} t where t.run_id = ${runs.id} and t.key = ${o.key}) ${dir}`;
    case "attribute":
      return sql`${ATTRIBUTE_COLUMNS[o.key as keyof typeof ATTRIBUTE_COLUMNS]} ${dir}`;
  }
}

const encodeToken = (offset: number) => Buffer.from(JSON.stringify({ offset })).toString("base64url");
function decodeToken(token: string | undefined): number {
  if (!token) return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { offset: unknown };
    if (Number.isInteger(offset) && (offset as number) >= 0) return offset as number;
  } catch {
    // fall through
  }
  throw new ServiceError("BAD_REQUEST", "invalid page_token", "page_token");
}

/**
 * MLflow's runs/search: runs of the team's experiments matching the filter, ordered (default:
 * newest first), a page at a time; each with its params, tags and latest metrics.
 */
export async function searchRuns({ ctx, input }: { ctx: TeamCtx; input: SearchRunsInput }) {
  requirePermission(ctx, "run:read");
  const v = SearchRunsInput.parse(input);
  let clauses: FilterClause[];
  let order: SQL[];
  try {
    clauses = parseRunFilter(v.filter);
    order = v.orderBy.map(orderSql);
  } catch (err) {
    if (err instanceof FilterSyntaxError) throw new ServiceError("BAD_REQUEST", err.message, "filter");
    throw err;
  }
  const offset = decodeToken(v.pageToken);
  const rows = await ctx.db
    .select()
    .from(runs)
    .where(
      and(
        eq(runs.teamId, ctx.team.id),
        inArray(runs.experimentId, v.experimentIds),
        v.runViewType === "ALL" ? undefined : eq(runs.lifecycleStage, v.runViewType === "ACTIVE_ONLY" ? "active" : "deleted"),
        ...clauses.map(clauseSql),
      ),
    )
    .orderBy(...order, sql`${runs.startTime} desc`, sql`${runs.id} asc`)
    .limit(v.maxResults + 1)
    .offset(offset);
  const page = rows.slice(0, v.maxResults);
  const ids = page.map((r) => r.id);
  const [params, tags, metrics] = ids.length
    ? await Promise.all([
        ctx.db.select().from(runParams).where(inArray(runParams.runId, ids)),
        ctx.db.select().from(runTags).where(inArray(runTags.runId, ids)),
        ctx.db.select().from(runLatestMetrics).where(inArray(runLatestMetrics.runId, ids)),
      ])
    : [[], [], []];
  return {
    items: page.map((run) => ({
      run,
      params: params.filter((p) => p.runId === run.id).map(({ key, value }) => ({ key, value })),
      tags: tags.filter((t) => t.runId === run.id).map(({ key, value }) => ({ key, value })),
      metrics: metrics.filter((m) => m.runId === run.id),
    })),
    nextPageToken: rows.length > v.maxResults ? encodeToken(offset + v.maxResults) : null,
  };
}

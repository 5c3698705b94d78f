import { sql } from "drizzle-orm";
import type { Db } from "../client";
import { rowsOf } from "../rows";

/**
 * Every row a team owns: its `teams` row and, from each table with a `team_id` column (all tenant
 * tables, whoever adds them), its rows in a stable order. Two equal snapshots mean nothing of the
 * team was written in between. A token's `last_used_at` is left out: it is bookkeeping of the
 * token owner's own calls, which tests make while checking that nothing else changes.
 */
export async function teamRows(db: Db, teamId: string): Promise<Record<string, unknown[]>> {
  const tables = rowsOf<{ table_name: string }>(
    await db.execute(sql`
      select table_name from information_schema.columns
      where column_name = 'team_id' and table_schema = current_schema()
      order by table_name`),
  );
  const out: Record<string, unknown[]> = {
    teams: rowsOf(await db.execute(sql`select * from teams where id = ${teamId}::uuid`)),
  };
  for (const { table_name } of tables) {
    const rows = rowsOf<Record<string, unknown>>(await db.execute(sql`select * from ${sql.identifier(table_name)} where team_id = ${teamId}::uuid`));
    out[table_name] = rows.map((r) => JSON.stringify({ ...r, last_used_at: undefined }, (_, v) => (typeof v === "bigint" ? String(v) : v))).sort();
  }
  return out;
}

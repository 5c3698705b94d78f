import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

/** The database type every service takes: postgres.js and PGlite drivers share it, and so do
 * transactions (a `tx` is a Db). */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DbKind = "pglite" | "postgres";

export interface DatabaseHandle {
  db: Db;
  kind: DbKind;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; when absent, PGlite. */
  url?: string;
  /** PGlite data folder; `memory://` for an in-memory database. */
  pgliteDir?: string;
}

const DRIZZLE_CONFIG = { schema, casing: "snake_case" } as const;

/** Opens a connection with the driver the options call for. Migrations are db/migrate.ts. */
export async function openDatabase(opts: DatabaseOptions): Promise<DatabaseHandle> {
  if (opts.url) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const client = postgres(opts.url, { max: 10, onnotice: () => {} });
    return {
      db: drizzle(client, DRIZZLE_CONFIG) as unknown as Db,
      kind: "postgres",
      close: () => client.end(),
    };
  }
  const dir = opts.pgliteDir ?? ".data/pglite";
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  let dataDir: string | undefined;
  if (dir !== "memory://") {
    dataDir = path.resolve(/* turbopackIgnore: true */ dir);
    // PGlite does not create missing parent folders itself.
    mkdirSync(path.dirname(dataDir), { recursive: true });
  }
  const client = new PGlite(dataDir);
  await client.waitReady;
  return {
    db: drizzle(client, DRIZZLE_CONFIG) as unknown as Db,
    kind: "pglite",
    close: () => client.close(),
  };
}

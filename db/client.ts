import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
      // Waits for running queries up to 5 s, then closes the sockets: a connection the server
      // dropped (restart, pg_terminate_backend) must not hold shutdown forever.
      close: () => client.end({ timeout: 5 }),
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
  const releaseLock = dataDir ? lockDataDir(dataDir) : () => {};
  const client = new PGlite(dataDir);
  await client.waitReady;
  return {
    db: drizzle(client, DRIZZLE_CONFIG) as unknown as Db,
    kind: "pglite",
    close: async () => {
      await client.close();
      releaseLock();
    },
  };
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * PGlite is single-process: two processes on one data folder corrupt it. A pid file beside the
 * folder turns that into a clear error (say, the CLI while `npm run dev` runs). A lock left by a
 * process that died is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = `${dataDir}.pid`;
  let holder = NaN;
  try {
    holder = Number(readFileSync(lockFile, "utf8"));
  } catch {
    // no lock yet
  }
  if (holder && holder !== process.pid && isAlive(holder)) {
    throw new Error(`the PGlite data folder ${dataDir} is in use by process ${holder}; stop it first, or set DATABASE_URL to use PostgreSQL`);
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

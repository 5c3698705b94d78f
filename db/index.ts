import { env } from "@/env";
import { type DatabaseHandle, openDatabase } from "./client";
import { migrateDatabase } from "./migrate";

const globalForDb = globalThis as unknown as { foldlineDatabase?: Promise<DatabaseHandle> };

/**
 * The process-wide database, migrated. PGlite allows one process per data folder, so the handle
 * lives on globalThis (it survives dev hot reloads and is shared by every route bundle).
 */
export function getDatabase(): Promise<DatabaseHandle> {
  globalForDb.foldlineDatabase ??= (async () => {
    const handle = await openDatabase({ url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR });
    await migrateDatabase(handle);
    return handle;
  })().catch((err) => {
    globalForDb.foldlineDatabase = undefined;
    throw err;
  });
  return globalForDb.foldlineDatabase;
}

export type { Db, DbKind } from "./client";

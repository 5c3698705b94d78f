import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe } from "vitest";
import { type DatabaseHandle, type DbKind, openDatabase } from "../client";
import { migrateDatabase } from "../migrate";

export const TEST_DB_PREFIX = "foldline_t_";

/** PGlite always; real PostgreSQL too when DATABASE_URL is set (as CI does). */
export const TEST_BACKENDS: DbKind[] = process.env.DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

/**
 * A fresh, migrated database of the given kind: in-memory PGlite, or a new PostgreSQL database
 * named foldline_t_<epoch ms>_<random> (dropped on close), so runs never collide.
 */
export async function openTestDatabase(kind: DbKind): Promise<DatabaseHandle> {
  if (kind === "pglite") {
    const handle = await openDatabase({ pgliteDir: "memory://" });
    await migrateDatabase(handle);
    return handle;
  }
  const base = process.env.DATABASE_URL!;
  const name = `${TEST_DB_PREFIX}${Date.now()}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString() });
  await migrateDatabase(handle);
  return {
    ...handle,
    async close() {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

/** Runs the suite once per test backend, each on its own fresh database. */
export function describeWithDatabase(title: string, body: (database: () => DatabaseHandle) => void) {
  describe.each(TEST_BACKENDS)(`${title} [%s]`, (kind) => {
    let handle: DatabaseHandle | undefined;
    beforeAll(async () => {
      handle = await openTestDatabase(kind);
    });
    afterAll(async () => {
      await handle?.close();
    });
    body(() => {
      if (!handle) throw new Error("test database not open yet");
      return handle;
    });
  });
}

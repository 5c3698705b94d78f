/**
 * Vitest global set-up. When DATABASE_URL is set, integration tests also run on real
 * PostgreSQL: each test file creates its own database (see ./databases.ts), so this only checks
 * the server answers and sweeps databases that crashed runs left behind long ago.
 */
import postgres from "postgres";
import { TEST_DB_PREFIX } from "./databases";

export default async function setup() {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const stale = await sql<{ datname: string }[]>`
      select datname from pg_database where datname like ${TEST_DB_PREFIX + "%"}`;
    const cutoff = Date.now() - 6 * 3600_000;
    for (const { datname } of stale) {
      const started = Number(datname.split("_")[2]);
      if (started && started < cutoff) await sql.unsafe(`drop database if exists "${datname}" with (force)`);
    }
  } finally {
    await sql.end();
  }
}

import { sql } from "drizzle-orm";
import { getDatabase } from "@/db";
import { env } from "@/env";
import pkg from "@/package.json";

export const runtime = "nodejs";

export const dynamic = "force-dynamic";

/** Liveness and set-up: which database and job runner this instance uses. */
export async function GET() {
  try {
    const { db, kind } = await getDatabase();
    await db.execute(sql`select 1`);
    return Response.json({ status: "ok", db: kind, runner: env.JOB_RUNNER, version: pkg.version });
  } catch (err) {
    console.error("health:", err);
    return Response.json({ status: "error", runner: env.JOB_RUNNER, version: pkg.version }, { status: 503 });
  }
}

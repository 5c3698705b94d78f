import { randomBytes } from "node:crypto";
import postgres from "postgres";
import type { Db } from "@/db/client";
import type { TeamCtx } from "@/server/services/context";
import { createTeam } from "@/server/services/teams/create-team";
import { registerUser } from "@/server/services/users/register-user";

/**
 * A new, empty PostgreSQL database for one workload on DATABASE_URL's server (default: the local
 * one), named foldline_bench_<epoch ms>_<random>; `drop()` removes it with its connections.
 */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `foldline_bench_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

export const BENCH_USER = { email: "bench@foldline.dev", password: "bench password" } as const;

/** The benchmark's user and its team `bench` (the user is its admin), and that admin's TeamCtx. */
export async function benchTeam(db: Db) {
  const user = await registerUser({ db, input: BENCH_USER });
  const actor = { type: "user", userId: user.id, email: user.email } as const;
  const team = await createTeam({ ctx: { db, actor }, input: { slug: "bench", name: "Bench" } });
  return { db, actor, team, role: "admin" as const } satisfies TeamCtx;
}

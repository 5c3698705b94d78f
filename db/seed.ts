import { createReadStream } from "node:fs";
import { eq } from "drizzle-orm";
import type { Db } from "./client";
import { datasets, teams, users } from "./schema";
import type { ArtifactBackend } from "@/server/services/artifacts/backend";
import type { TeamCtx } from "@/server/services/context";
import { importDataset } from "@/server/services/datasets/import-dataset";
import { createTeam } from "@/server/services/teams/create-team";
import { registerUser } from "@/server/services/users/register-user";
import { SAMPLE_DATASETS, sampleDatasetPath, type SampleDatasetId } from "@/server/quant/data/sample-datasets";

/** The demo account that `npm run dev` prints and the README shows. Local use only. */
export const DEMO_ADMIN = { email: "admin@demo.foldline.dev", password: "foldline-demo" } as const;
export const DEMO_TEAM = { slug: "demo", name: "Demo" } as const;

/** The real series seeded into the demo team, from the CSVs shipped in npm packages. */
export const DEMO_DATASETS: Record<SampleDatasetId, string> = { spx: "SPX daily", aapl: "AAPL daily" };

const SEED_ACTOR = { type: "system", label: "seed" } as const;

/**
 * Seeds the demo team, its admin and the real SPX and AAPL datasets; later starts find them
 * and do nothing.
 */
export async function seedDemo(db: Db, backend?: ArtifactBackend): Promise<{ created: boolean; datasets: string[] }> {
  let [team] = await db.select().from(teams).where(eq(teams.slug, DEMO_TEAM.slug));
  const created = !team;
  if (!team) {
    const [found] = await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_ADMIN.email));
    const admin = found ?? (await registerUser({ db, input: { ...DEMO_ADMIN, name: "Demo Admin" } }));
    team = await createTeam({ ctx: { db, actor: SEED_ACTOR }, input: DEMO_TEAM, adminUserId: admin.id });
  }
  const ctx: TeamCtx = { db, actor: SEED_ACTOR, team, role: "admin" };
  const have = new Set((await db.select({ name: datasets.name }).from(datasets).where(eq(datasets.teamId, team.id))).map((d) => d.name));
  const seeded: string[] = [];
  for (const [id, name] of Object.entries(DEMO_DATASETS) as [SampleDatasetId, string][]) {
    if (have.has(name)) continue;
    const { symbol, pkg, file } = SAMPLE_DATASETS[id];
    await importDataset({
      ctx,
      input: { name, format: "csv", filename: `${pkg}/${file}`, symbol, description: `${SAMPLE_DATASETS[id].name} (real, from the npm package ${pkg})` },
      body: createReadStream(sampleDatasetPath(id)),
      backend,
    });
    seeded.push(name);
  }
  return { created, datasets: seeded };
}

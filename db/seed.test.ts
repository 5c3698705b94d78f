import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { LocalArtifactBackend } from "@/server/services/artifacts/local-backend";
import { loadDatasetSeries } from "@/server/services/datasets/load-series";
import { listDatasets } from "@/server/services/datasets/list-datasets";
import { verifyCredentials } from "@/server/services/users/verify-credentials";
import { auditLog, memberships, teams } from "./schema";
import { DEMO_ADMIN, DEMO_TEAM, seedDemo } from "./seed";
import { describeWithDatabase } from "./testing/databases";

const dir = mkdtempSync(path.join(tmpdir(), "foldline-seed-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeWithDatabase("demo seed", (database) => {
  it("creates the demo team, a working admin and the real SPX and AAPL datasets once", async () => {
    const { db } = database();
    const backend = new LocalArtifactBackend(path.join(dir, database().kind));
    expect(await seedDemo(db, backend)).toEqual({ created: true, datasets: ["SPX daily", "AAPL daily"] });
    expect(await seedDemo(db, backend)).toEqual({ created: false, datasets: [] });
    expect((await verifyCredentials(db, DEMO_ADMIN.email, DEMO_ADMIN.password)).ok).toBe(true);
    const [team] = await db.select().from(teams).where(eq(teams.slug, DEMO_TEAM.slug));
    const members = await db.select().from(memberships).where(eq(memberships.teamId, team!.id));
    expect(members.map((m) => m.role)).toEqual(["admin"]);
    const audit = await db.select().from(auditLog).where(eq(auditLog.teamId, team!.id));
    expect(audit.map((a) => [a.action, a.actorEmail])).toEqual([["team.create", "system:seed"]]);

    const ctx = { db, actor: { type: "system", label: "test" } as const, team: team!, role: "viewer" as const };
    const list = await listDatasets({ ctx });
    expect(list.map((d) => [d.name, d.kind, d.versions.map((v) => [v.version, v.rowCount, v.firstBar.toISOString().slice(0, 10), v.lastBar.toISOString().slice(0, 10)])])).toEqual([
      ["AAPL daily", "real", [[1, 1260, "2013-05-13", "2018-05-11"]]],
      ["SPX daily", "real", [[1, 5105, "2000-01-03", "2020-04-17"]]],
    ]);
    const spx = await loadDatasetSeries({ ctx, input: { datasetId: list[1]!.id } }, backend);
    expect(spx.series.close.length).toBe(5105);
    expect(spx.series.close[5104]).toBe(2874.560059);
    expect(spx.series.symbols).toEqual(["SPX"]);
  });
});

import { TRPCError } from "@trpc/server";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "@/db";
import { describeWithDatabase } from "@/db/testing/databases";
import { teamRows } from "@/db/testing/team-rows";
import { makeUser } from "@/server/services/testing";
import { appRouter, createCaller } from "./root";
import { leakedSecrets, makeTwoTeams, type TwoTeams } from "./testing/two-teams";

type Caller = ReturnType<typeof createCaller>;
/** One call as team B's admin; `slug` is the team the call names (B's, then A's). */
type Attempt = (c: Caller, w: TwoTeams, slug: string, db: Db) => Promise<unknown>;

/**
 * Every procedure, called by an admin of team B (the strongest role there) with team A's ids:
 * leaked (A's real uuids), guessed (names) or enumerated (experiment ids around A's).
 * `refused`: each call is NOT_FOUND. `answered`: each call succeeds and its answer mentions
 * nothing of A (lists, and writes that take no id of A). Every call of a team procedure is made
 * again naming A's team, which must be NOT_FOUND; and after each procedure, every row A owns is
 * unchanged. Adding a procedure to the app router without a line here fails the first test.
 */
const TABLE: Record<string, { refused: Attempt[] } | { answered: Attempt[]; teamScoped?: false }> = {
  "team.mine": { answered: [(c) => c.team.mine()], teamScoped: false },
  "team.create": { answered: [(c) => c.team.create({ slug: `b-${crypto.randomUUID().slice(0, 8)}`, name: "B two" })], teamScoped: false },
  "team.get": { answered: [(c, _, teamSlug) => c.team.get({ teamSlug })] },
  "members.list": { answered: [(c, _, teamSlug) => c.members.list({ teamSlug })] },
  "members.add": { answered: [async (c, _, teamSlug, db) => c.members.add({ teamSlug, email: (await makeUser(db, "b-new")).email, role: "viewer" })] },
  "members.changeRole": {
    refused: [
      (c, w, teamSlug) => c.members.changeRole({ teamSlug, userId: w.ids.viewerUserId, role: "admin" }),
      (c, w, teamSlug) => c.members.changeRole({ teamSlug, userId: w.ids.memberUserId, role: "viewer" }),
    ],
  },
  "members.remove": { refused: [(c, w, teamSlug) => c.members.remove({ teamSlug, userId: w.ids.memberUserId })] },
  "tokens.list": { answered: [(c, _, teamSlug) => c.tokens.list({ teamSlug })] },
  "tokens.create": { answered: [(c, _, teamSlug) => c.tokens.create({ teamSlug, name: "b" })] },
  "tokens.revoke": { refused: [(c, w, teamSlug) => c.tokens.revoke({ teamSlug, tokenId: w.ids.tokenId })] },
  "audit.list": { answered: [(c, _, teamSlug) => c.audit.list({ teamSlug })] },
  "datasets.list": { answered: [(c, _, teamSlug) => c.datasets.list({ teamSlug })] },
  "datasets.version": {
    refused: [
      (c, w, teamSlug) => c.datasets.version({ teamSlug, datasetId: w.ids.datasetId }),
      (c, w, teamSlug) => c.datasets.version({ teamSlug, datasetId: w.ids.datasetId, version: 1 }),
    ],
  },
  "datasets.chart": { refused: [(c, w, teamSlug) => c.datasets.chart({ teamSlug, datasetId: w.ids.datasetId })] },
  "datasets.generateSynthetic": { answered: [(c, _, teamSlug) => c.datasets.generateSynthetic({ teamSlug, name: `b-${crypto.randomUUID().slice(0, 8)}`, bars: 30 })] },
  "backtests.list": { answered: [(c, _, teamSlug) => c.backtests.list({ teamSlug })] },
  "backtests.get": { refused: [(c, w, teamSlug) => c.backtests.get({ teamSlug, id: w.ids.backtestId })] },
  "backtests.run": {
    refused: [(c, w, teamSlug) => c.backtests.run({ teamSlug, target: { datasetId: w.ids.datasetId, allowSynthetic: true }, strategy: { kind: "rsi_threshold" } })],
  },
  "backtests.sweep": {
    refused: [
      (c, w, teamSlug) =>
        c.backtests.sweep({
          teamSlug,
          target: { datasetId: w.ids.datasetId, allowSynthetic: true },
          grid: { kind: "sma_crossover", fast: { from: 2, to: 3, step: 1 }, slow: { from: 5, to: 5, step: 1 } },
        }),
    ],
  },
  "tracking.experiments": { answered: [(c, _, teamSlug) => c.tracking.experiments({ teamSlug })] },
  "tracking.experiment": { refused: enumerated((c, teamSlug, experimentId) => c.tracking.experiment({ teamSlug, experimentId })) },
  // MLflow's runs/search answers an empty list for experiment ids it does not know, and so does this.
  "tracking.runs": { answered: enumerated((c, teamSlug, experimentId) => c.tracking.runs({ teamSlug, experimentId })) },
  "tracking.run": { refused: [(c, w, teamSlug) => c.tracking.run({ teamSlug, runId: w.ids.runId })] },
  "tracking.artifacts": { refused: [(c, w, teamSlug) => c.tracking.artifacts({ teamSlug, runId: w.ids.runId })] },
  "tracking.artifactPreview": { refused: [(c, w, teamSlug) => c.tracking.artifactPreview({ teamSlug, runId: w.ids.runId, path: "report.json" })] },
  "tracking.compare": { refused: [(c, w, teamSlug) => c.tracking.compare({ teamSlug, runIds: [w.ids.runId, w.ids.runId] })] },
  "tracking.lineage": { refused: [(c, w, teamSlug) => c.tracking.lineage({ teamSlug, runId: w.ids.runId })] },
  "tracking.metricHistory": { refused: [(c, w, teamSlug) => c.tracking.metricHistory({ teamSlug, runId: w.ids.runId, key: "rmse" })] },
  "registry.models": { answered: [(c, _, teamSlug) => c.registry.models({ teamSlug }), (c, w, teamSlug) => c.registry.models({ teamSlug, search: w.marker })] },
  "registry.model": { refused: [(c, w, teamSlug) => c.registry.model({ teamSlug, name: w.ids.modelName })] },
  "registry.version": {
    refused: [1, 2, 3].map((version): Attempt => (c, w, teamSlug) => c.registry.version({ teamSlug, name: w.ids.modelName, version })),
  },
  "registry.requests": { answered: [(c, _, teamSlug) => c.registry.requests({ teamSlug }), (c, _, teamSlug) => c.registry.requests({ teamSlug, status: "pending" })] },
  "registry.transition": { refused: [(c, w, teamSlug) => c.registry.transition({ teamSlug, name: w.ids.modelName, version: 2, stage: "Archived" })] },
  "registry.requestProduction": { refused: [(c, w, teamSlug) => c.registry.requestProduction({ teamSlug, name: w.ids.modelName, version: 2 })] },
  "registry.approve": { refused: [(c, w, teamSlug) => c.registry.approve({ teamSlug, requestId: w.ids.requestId })] },
  "registry.reject": { refused: [(c, w, teamSlug) => c.registry.reject({ teamSlug, requestId: w.ids.requestId })] },
  "registry.rollback": { refused: [(c, w, teamSlug) => c.registry.rollback({ teamSlug, name: w.ids.modelName, version: 1 })] },
  "registry.registerRun": { refused: [(c, w, teamSlug) => c.registry.registerRun({ teamSlug, runId: w.ids.runId, model: `${w.marker}-b-model` })] },
  "registry.setAlias": { refused: [(c, w, teamSlug) => c.registry.setAlias({ teamSlug, name: w.ids.modelName, version: 1, alias: "champion" })] },
  "jobs.list": { answered: [(c, _, teamSlug) => c.jobs.list({ teamSlug })] },
  "jobs.get": { refused: [(c, w, teamSlug) => c.jobs.get({ teamSlug, id: w.ids.jobId })] },
  "jobs.logs": { refused: [(c, w, teamSlug) => c.jobs.logs({ teamSlug, id: w.ids.jobId })] },
  "jobs.enqueue": {
    refused: [
      (c, w, teamSlug) =>
        c.jobs.enqueue({ teamSlug, kind: "backtest", input: { target: { datasetId: w.ids.datasetId, allowSynthetic: true }, strategy: { kind: "rsi_threshold" } } }),
    ],
  },
  "jobs.cancel": { refused: [(c, w, teamSlug) => c.jobs.cancel({ teamSlug, id: w.ids.jobId })] },
  "schedules.list": { refused: [(c, w, teamSlug) => c.schedules.list({ teamSlug, model: w.ids.modelName })] },
  "schedules.preview": { answered: [(c, _, teamSlug) => c.schedules.preview({ teamSlug, cron: "0 2 * * *", timeZone: "UTC" })] },
  "schedules.create": { refused: [(c, w, teamSlug) => c.schedules.create({ teamSlug, model: w.ids.modelName, cron: "0 2 * * *" })] },
  "schedules.update": { refused: [(c, w, teamSlug) => c.schedules.update({ teamSlug, id: w.ids.scheduleId, enabled: false })] },
  "schedules.delete": { refused: [(c, w, teamSlug) => c.schedules.delete({ teamSlug, id: w.ids.scheduleId })] },
  "schedules.runNow": { refused: [(c, w, teamSlug) => c.schedules.runNow({ teamSlug, id: w.ids.scheduleId })] },
  "alerts.list": { answered: [(c, _, teamSlug) => c.alerts.list({ teamSlug }), (c, w, teamSlug) => c.alerts.list({ teamSlug, scheduleId: w.ids.scheduleId })] },
  "alerts.acknowledge": { refused: [(c, w, teamSlug) => c.alerts.acknowledge({ teamSlug, id: w.ids.alertId })] },
  "alerts.resolve": { refused: [(c, w, teamSlug) => c.alerts.resolve({ teamSlug, id: w.ids.alertId })] },
  "alerts.webhook": { answered: [(c, _, teamSlug) => c.alerts.webhook({ teamSlug })] },
  "alerts.setWebhook": { answered: [(c, _, teamSlug) => c.alerts.setWebhook({ teamSlug, url: "https://hooks.example.invalid/b" })] },
  "jobs.folds": { refused: [(c, w, teamSlug) => c.jobs.folds({ teamSlug, id: w.ids.jobId })] },
  "jobs.trainingReport": { refused: [(c, w, teamSlug) => c.jobs.trainingReport({ teamSlug, id: w.ids.jobId })] },
  "jobs.study": { refused: [(c, w, teamSlug) => c.jobs.study({ teamSlug, id: w.ids.jobId })] },
  "jobs.trainingSchemas": { answered: [(c, _, teamSlug) => c.jobs.trainingSchemas({ teamSlug })] },
  "deployments.list": { answered: [(c, _, teamSlug) => c.deployments.list({ teamSlug })] },
  "deployments.get": { refused: [(c, w, teamSlug) => c.deployments.get({ teamSlug, name: w.ids.deploymentName })] },
  "deployments.traffic": { refused: [(c, w, teamSlug) => c.deployments.traffic({ teamSlug, name: w.ids.deploymentName })] },
  "deployments.create": {
    // B's own deployment name, serving A's model by its name: the model is not found in B.
    refused: [(c, w, teamSlug) => c.deployments.create({ teamSlug, name: `b-${crypto.randomUUID().slice(0, 8)}`, primary: { model: w.ids.modelName, version: 1 } })],
  },
  "deployments.update": { refused: [(c, w, teamSlug) => c.deployments.update({ teamSlug, name: w.ids.deploymentName, status: "paused" })] },
  "deployments.remove": { refused: [(c, w, teamSlug) => c.deployments.remove({ teamSlug, name: w.ids.deploymentName })] },
  "monitoring.reports": { refused: [(c, w, teamSlug) => c.monitoring.reports({ teamSlug, deployment: w.ids.deploymentName })] },
  "monitoring.health": { refused: [(c, w, teamSlug) => c.monitoring.health({ teamSlug, deployment: w.ids.deploymentName })] },
  "monitoring.monitor": { refused: [(c, w, teamSlug) => c.monitoring.monitor({ teamSlug, deployment: w.ids.deploymentName })] },
  "monitoring.setMonitor": { refused: [(c, w, teamSlug) => c.monitoring.setMonitor({ teamSlug, deployment: w.ids.deploymentName, cron: "@hourly" })] },
  "monitoring.deleteMonitor": { refused: [(c, w, teamSlug) => c.monitoring.deleteMonitor({ teamSlug, deployment: w.ids.deploymentName })] },
  "monitoring.checkNow": { refused: [(c, w, teamSlug) => c.monitoring.checkNow({ teamSlug, deployment: w.ids.deploymentName })] },
};

/** One attempt per experiment id from just below A's first to just above A's last (the ids an
 * enumerating caller would try); where that is no id or B's own, A's first again. */
function enumerated(call: (c: Caller, teamSlug: string, experimentId: number) => Promise<unknown>): Attempt[] {
  return [-1, 0, 1, 2, 3].map((offset): Attempt => (c, w, teamSlug) => {
    const id = w.ids.experimentIds[0]! + offset;
    return call(c, teamSlug, id < 1 || id === w.bExperimentId ? w.ids.experimentIds[0]! : id);
  });
}

const outcome = (p: Promise<unknown>) =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (e: unknown) => ({ ok: false as const, code: e instanceof TRPCError ? e.code : `unexpected ${String(e)}` }),
  );

it("the table covers every procedure of the app router", () => {
  expect(Object.keys(appRouter._def.procedures).sort()).toEqual(Object.keys(TABLE).sort());
});

describeWithDatabase("tenant isolation over tRPC: team B's admin with team A's ids", (database) => {
  let world: TwoTeams;
  let before: Awaited<ReturnType<typeof teamRows>>;
  beforeAll(async () => {
    world = await makeTwoTeams(database().db);
    before = await teamRows(database().db, world.ids.teamId);
  });

  it.each(Object.keys(TABLE))("%s", async (path) => {
    const { db } = database();
    const entry = TABLE[path]!;
    const admin = world.b.users.admin;
    const caller = createCaller({ db, user: { id: admin.id, email: admin.email } });
    const attempts = "refused" in entry ? entry.refused : entry.answered;
    for (const [i, attempt] of attempts.entries()) {
      const res = await outcome(attempt(caller, world, world.b.team.slug, db));
      if ("refused" in entry) expect(`${path}#${i}: ${res.ok ? `answered ${JSON.stringify(res.value).slice(0, 200)}` : res.code}`).toBe(`${path}#${i}: NOT_FOUND`);
      else {
        expect(`${path}#${i}: ${res.ok ? "ok" : res.code}`).toBe(`${path}#${i}: ok`);
        expect(leakedSecrets(world, res.ok && res.value)).toEqual([]);
      }
      if ("teamScoped" in entry) continue;
      const inA = await outcome(attempt(caller, world, world.ids.slug, db));
      expect(`${path}#${i} naming A's team: ${inA.ok ? "answered" : inA.code}`).toBe(`${path}#${i} naming A's team: NOT_FOUND`);
    }
    expect(await teamRows(db, world.ids.teamId)).toEqual(before);
  });
});

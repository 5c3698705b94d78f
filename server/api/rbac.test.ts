import { TRPCError } from "@trpc/server";
import { expect, it } from "vitest";
import { describeWithDatabase } from "@/db/testing/databases";
import type { Role } from "@/server/auth/rbac";
import { addMember } from "@/server/services/members/add-member";
import { makeTeamWithRoles, makeUser } from "@/server/services/testing";
import { createToken } from "@/server/services/tokens/create-token";
import { generateSyntheticDataset } from "@/server/services/datasets/generate-synthetic";
import { runSignalBacktest } from "@/server/services/backtests/run-backtest";
import { enqueueJob } from "@/server/services/jobs/enqueue-job";
import { createExperiment } from "@/server/services/tracking/experiments";
import { createRun } from "@/server/services/tracking/runs";
import { putRunArtifact } from "@/server/services/tracking/artifacts";
import { createModelVersion, createRegisteredModel } from "@/server/services/registry/models";
import { approveTransition, requestProduction } from "@/server/services/registry/stages";
import { raiseAlert } from "@/server/services/alerts/raise-alert";
import { createSchedule } from "@/server/services/schedules/create-schedule";
import { createDeployment } from "@/server/services/serving/create-deployment";
import { setDriftMonitor } from "@/server/services/monitoring/set-drift-monitor";
import { appRouter, createCaller } from "./root";

type Caller = ReturnType<typeof createCaller>;
type Fixture = Awaited<ReturnType<typeof makeTeamWithRoles>>;
type Minimum = Role | "signed-in";

/**
 * The expected minimum role of every procedure, written out here independently of
 * server/auth/rbac.ts, so a change to the matrix must be made in both places on purpose.
 * `call` makes a valid call (its own fresh targets), so only the role decides the outcome.
 */
const TABLE: Record<string, { minimum: Minimum; call: (c: Caller, f: Fixture, db: Fixture["ctx"]["admin"]["db"]) => Promise<unknown> }> = {
  "team.mine": { minimum: "signed-in", call: (c) => c.team.mine() },
  "team.create": { minimum: "signed-in", call: (c) => c.team.create({ slug: `n-${crypto.randomUUID().slice(0, 8)}`, name: "New" }) },
  "team.get": { minimum: "viewer", call: (c, f) => c.team.get({ teamSlug: f.team.slug }) },
  "members.list": { minimum: "viewer", call: (c, f) => c.members.list({ teamSlug: f.team.slug }) },
  "members.add": {
    minimum: "admin",
    call: async (c, f, db) => c.members.add({ teamSlug: f.team.slug, email: (await makeUser(db)).email, role: "viewer" }),
  },
  "members.changeRole": {
    minimum: "admin",
    call: (c, f) => c.members.changeRole({ teamSlug: f.team.slug, userId: f.users.viewer.id, role: "viewer" }),
  },
  "members.remove": {
    minimum: "admin",
    call: async (c, f, db) => {
      const u = await makeUser(db);
      await addMember({ ctx: f.ctx.admin, input: { email: u.email, role: "viewer" } });
      return c.members.remove({ teamSlug: f.team.slug, userId: u.id });
    },
  },
  "tokens.list": { minimum: "viewer", call: (c, f) => c.tokens.list({ teamSlug: f.team.slug }) },
  "tokens.create": { minimum: "viewer", call: (c, f) => c.tokens.create({ teamSlug: f.team.slug, name: "t" }) },
  "tokens.revoke": {
    minimum: "viewer",
    // Revoking one's own token is what every role may do; the admin revokes the member's.
    call: async (c, f) => {
      const me = (await c.team.mine()).find((t) => t.slug === f.team.slug);
      const owner = me ? f.ctx[me.role] : f.ctx.member;
      const tok = await createToken({ ctx: owner, input: { name: "r" } });
      return c.tokens.revoke({ teamSlug: f.team.slug, tokenId: tok.id });
    },
  },
  "audit.list": { minimum: "reviewer", call: (c, f) => c.audit.list({ teamSlug: f.team.slug }) },
  "datasets.list": { minimum: "viewer", call: (c, f) => c.datasets.list({ teamSlug: f.team.slug }) },
  "datasets.generateSynthetic": {
    minimum: "member",
    call: (c, f) => c.datasets.generateSynthetic({ teamSlug: f.team.slug, name: `s-${crypto.randomUUID().slice(0, 8)}`, bars: 50 }),
  },
  "datasets.version": { minimum: "viewer", call: async (c, f) => c.datasets.version({ teamSlug: f.team.slug, datasetId: (await syntheticIn(f)).dataset.id }) },
  "backtests.list": { minimum: "viewer", call: (c, f) => c.backtests.list({ teamSlug: f.team.slug }) },
  "backtests.get": { minimum: "viewer", call: async (c, f) => c.backtests.get({ teamSlug: f.team.slug, id: (await backtestIn(f)).id }) },
  "backtests.run": {
    minimum: "member",
    call: async (c, f) =>
      c.backtests.run({
        teamSlug: f.team.slug,
        target: { datasetId: (await syntheticIn(f)).dataset.id, allowSynthetic: true },
        strategy: { kind: "rsi_threshold" },
      }),
  },
  "backtests.sweep": {
    minimum: "member",
    call: async (c, f) =>
      c.backtests.sweep({
        teamSlug: f.team.slug,
        target: { datasetId: (await syntheticIn(f)).dataset.id, allowSynthetic: true },
        grid: { kind: "sma_crossover", fast: { from: 2, to: 4, step: 1 }, slow: { from: 5, to: 10, step: 5 } },
      }),
  },
  "tracking.experiments": { minimum: "viewer", call: (c, f) => c.tracking.experiments({ teamSlug: f.team.slug }) },
  "tracking.experiment": { minimum: "viewer", call: async (c, f) => c.tracking.experiment({ teamSlug: f.team.slug, experimentId: (await runIn(f)).experimentId }) },
  "tracking.runs": { minimum: "viewer", call: async (c, f) => c.tracking.runs({ teamSlug: f.team.slug, experimentId: (await runIn(f)).experimentId }) },
  "tracking.artifacts": { minimum: "viewer", call: async (c, f) => c.tracking.artifacts({ teamSlug: f.team.slug, runId: (await runIn(f)).id }) },
  "tracking.artifactPreview": {
    minimum: "viewer",
    call: async (c, f) => {
      const run = await runIn(f);
      await putRunArtifact({ ctx: f.ctx.admin, input: { runId: run.id, path: "r.json", bytes: new TextEncoder().encode("{}") } });
      return c.tracking.artifactPreview({ teamSlug: f.team.slug, runId: run.id, path: "r.json" });
    },
  },
  "tracking.compare": { minimum: "viewer", call: async (c, f) => c.tracking.compare({ teamSlug: f.team.slug, runIds: [(await runIn(f)).id, (await runIn(f)).id] }) },
  "tracking.lineage": { minimum: "viewer", call: async (c, f) => c.tracking.lineage({ teamSlug: f.team.slug, runId: (await runIn(f)).id }) },
  "tracking.run": { minimum: "viewer", call: async (c, f) => c.tracking.run({ teamSlug: f.team.slug, runId: (await runIn(f)).id }) },
  "tracking.metricHistory": { minimum: "viewer", call: async (c, f) => c.tracking.metricHistory({ teamSlug: f.team.slug, runId: (await runIn(f)).id, key: "rmse" }) },
  "registry.models": { minimum: "viewer", call: (c, f) => c.registry.models({ teamSlug: f.team.slug }) },
  "registry.model": { minimum: "viewer", call: async (c, f) => c.registry.model({ teamSlug: f.team.slug, name: await modelIn(f) }) },
  "registry.version": { minimum: "viewer", call: async (c, f) => c.registry.version({ teamSlug: f.team.slug, name: await modelIn(f), version: 1 }) },
  "registry.requests": { minimum: "viewer", call: (c, f) => c.registry.requests({ teamSlug: f.team.slug }) },
  "registry.transition": { minimum: "member", call: async (c, f) => c.registry.transition({ teamSlug: f.team.slug, name: await modelIn(f), version: 1, stage: "Staging" }) },
  "registry.requestProduction": { minimum: "member", call: async (c, f) => c.registry.requestProduction({ teamSlug: f.team.slug, name: await modelIn(f), version: 1 }) },
  "registry.approve": {
    minimum: "reviewer",
    // Requested by the member, so every role but the member is someone other than the requester.
    call: async (c, f) => c.registry.approve({ teamSlug: f.team.slug, requestId: (await requestIn(f)).id }),
  },
  "registry.reject": { minimum: "reviewer", call: async (c, f) => c.registry.reject({ teamSlug: f.team.slug, requestId: (await requestIn(f)).id }) },
  "registry.rollback": {
    minimum: "reviewer",
    call: async (c, f) => {
      const name = await modelIn(f, 2);
      await approveTransition({ ctx: f.ctx.admin, input: { requestId: (await requestProduction({ ctx: f.ctx.member, input: { name, version: 2 } })).id } });
      return c.registry.rollback({ teamSlug: f.team.slug, name, version: 1 });
    },
  },
  "registry.registerRun": { minimum: "member", call: async (c, f) => c.registry.registerRun({ teamSlug: f.team.slug, runId: (await runIn(f)).id, model: `m-${crypto.randomUUID().slice(0, 8)}` }) },
  "registry.setAlias": { minimum: "member", call: async (c, f) => c.registry.setAlias({ teamSlug: f.team.slug, name: await modelIn(f), version: 1, alias: "champion" }) },
  "schedules.list": { minimum: "viewer", call: async (c, f) => c.schedules.list({ teamSlug: f.team.slug, model: await modelIn(f) }) },
  "schedules.preview": { minimum: "viewer", call: (c, f) => c.schedules.preview({ teamSlug: f.team.slug, cron: "0 3 * * SUN", timeZone: "Europe/London" }) },
  "schedules.create": { minimum: "admin", call: async (c, f) => c.schedules.create({ teamSlug: f.team.slug, model: await modelIn(f), cron: "0 2 * * *" }) },
  "schedules.update": { minimum: "admin", call: async (c, f) => c.schedules.update({ teamSlug: f.team.slug, id: (await scheduleIn(f)).id, enabled: false }) },
  "schedules.delete": { minimum: "admin", call: async (c, f) => c.schedules.delete({ teamSlug: f.team.slug, id: (await scheduleIn(f)).id }) },
  "schedules.runNow": { minimum: "member", call: async (c, f) => c.schedules.runNow({ teamSlug: f.team.slug, id: (await scheduleIn(f)).id }) },
  "alerts.list": { minimum: "viewer", call: (c, f) => c.alerts.list({ teamSlug: f.team.slug, status: ["open"] }) },
  "alerts.acknowledge": { minimum: "member", call: async (c, f) => c.alerts.acknowledge({ teamSlug: f.team.slug, id: await alertIn(f) }) },
  "alerts.resolve": { minimum: "member", call: async (c, f) => c.alerts.resolve({ teamSlug: f.team.slug, id: await alertIn(f) }) },
  "alerts.webhook": { minimum: "admin", call: (c, f) => c.alerts.webhook({ teamSlug: f.team.slug }) },
  "alerts.setWebhook": { minimum: "admin", call: (c, f) => c.alerts.setWebhook({ teamSlug: f.team.slug, url: "https://hooks.example.invalid/x" }) },
  "jobs.list": { minimum: "viewer", call: (c, f) => c.jobs.list({ teamSlug: f.team.slug }) },
  "jobs.get": { minimum: "viewer", call: async (c, f) => c.jobs.get({ teamSlug: f.team.slug, id: (await jobIn(f)).id }) },
  "jobs.logs": { minimum: "viewer", call: async (c, f) => c.jobs.logs({ teamSlug: f.team.slug, id: (await jobIn(f)).id }) },
  "jobs.enqueue": {
    minimum: "member",
    call: async (c, f) =>
      c.jobs.enqueue({ teamSlug: f.team.slug, kind: "backtest", input: { target: { datasetId: (await syntheticIn(f)).dataset.id, allowSynthetic: true }, strategy: { kind: "rsi_threshold" } } }),
  },
  "jobs.cancel": { minimum: "member", call: async (c, f) => c.jobs.cancel({ teamSlug: f.team.slug, id: (await jobIn(f)).id }) },
  "jobs.folds": { minimum: "viewer", call: async (c, f) => c.jobs.folds({ teamSlug: f.team.slug, id: (await jobIn(f)).id }) },
  "jobs.trainingReport": { minimum: "viewer", call: async (c, f) => c.jobs.trainingReport({ teamSlug: f.team.slug, id: (await trainingJobIn(f)).id }) },
  "jobs.study": { minimum: "viewer", call: async (c, f) => c.jobs.study({ teamSlug: f.team.slug, id: (await tuneJobIn(f)).id }) },
  "jobs.trainingSchemas": { minimum: "viewer", call: (c, f) => c.jobs.trainingSchemas({ teamSlug: f.team.slug }) },
  "deployments.list": { minimum: "viewer", call: (c, f) => c.deployments.list({ teamSlug: f.team.slug }) },
  "deployments.get": { minimum: "viewer", call: async (c, f) => c.deployments.get({ teamSlug: f.team.slug, name: await deploymentIn(f) }) },
  "deployments.traffic": { minimum: "viewer", call: async (c, f) => c.deployments.traffic({ teamSlug: f.team.slug, name: await deploymentIn(f) }) },
  "deployments.create": {
    minimum: "reviewer",
    call: async (c, f) => c.deployments.create({ teamSlug: f.team.slug, name: `d-${crypto.randomUUID().slice(0, 8)}`, primary: { model: await modelIn(f), version: 1 } }),
  },
  "deployments.update": { minimum: "reviewer", call: async (c, f) => c.deployments.update({ teamSlug: f.team.slug, name: await deploymentIn(f), description: "retargeted" }) },
  "deployments.remove": { minimum: "admin", call: async (c, f) => c.deployments.remove({ teamSlug: f.team.slug, name: await deploymentIn(f) }) },
  "monitoring.reports": { minimum: "viewer", call: async (c, f) => c.monitoring.reports({ teamSlug: f.team.slug, deployment: await deploymentIn(f) }) },
  "monitoring.health": { minimum: "viewer", call: async (c, f) => c.monitoring.health({ teamSlug: f.team.slug, deployment: await deploymentIn(f), hours: 6 }) },
  "monitoring.monitor": { minimum: "viewer", call: async (c, f) => c.monitoring.monitor({ teamSlug: f.team.slug, deployment: await monitoredIn(f) }) },
  "monitoring.setMonitor": { minimum: "reviewer", call: async (c, f) => c.monitoring.setMonitor({ teamSlug: f.team.slug, deployment: await deploymentIn(f), cron: "@hourly" }) },
  "monitoring.deleteMonitor": { minimum: "reviewer", call: async (c, f) => c.monitoring.deleteMonitor({ teamSlug: f.team.slug, deployment: await monitoredIn(f) }) },
  "monitoring.checkNow": { minimum: "member", call: async (c, f) => c.monitoring.checkNow({ teamSlug: f.team.slug, deployment: await deploymentIn(f) }) },
  "datasets.chart": {
    minimum: "viewer",
    call: async (c, f) => c.datasets.chart({ teamSlug: f.team.slug, datasetId: (await syntheticIn(f)).dataset.id, overlays: ["sma20"] }),
  },
};

const backtestIn = async (f: Fixture) =>
  runSignalBacktest({
    ctx: f.ctx.admin,
    input: { target: { datasetId: (await syntheticIn(f)).dataset.id, allowSynthetic: true }, strategy: { kind: "sma_crossover", fast: 2, slow: 5 } },
  });

/** A queued backtest job of the team (no runner picks it up in these tests). */
const jobIn = async (f: Fixture) =>
  enqueueJob({
    ctx: f.ctx.admin,
    input: { kind: "backtest", input: { target: { datasetId: (await syntheticIn(f)).dataset.id, allowSynthetic: true }, strategy: { kind: "rsi_threshold" } } },
  });

/** A queued walk-forward job of the team (never run here, so it has no report yet). */
const trainingJobIn = async (f: Fixture) =>
  enqueueJob({
    ctx: f.ctx.admin,
    input: { kind: "walk_forward", input: { target: { datasetId: (await syntheticIn(f)).dataset.id, allowSynthetic: true }, model: { algorithm: "ridge" } } },
  });

const tuneJobIn = async (f: Fixture) =>
  enqueueJob({
    ctx: f.ctx.admin,
    input: {
      kind: "tune",
      input: { target: { datasetId: (await syntheticIn(f)).dataset.id, allowSynthetic: true }, model: { algorithm: "ridge" }, space: [{ type: "float", name: "alpha", low: 0.1, high: 10 }] },
    },
  });

/** A registered model with `versions` versions (no run), named freshly. */
const modelIn = async (f: Fixture, versions = 1) => {
  const name = `m-${crypto.randomUUID().slice(0, 8)}`;
  await createRegisteredModel({ ctx: f.ctx.admin, input: { name } });
  for (let i = 0; i < versions; i++) await createModelVersion({ ctx: f.ctx.admin, input: { name, source: "s3://models/x" } });
  return name;
};
/** A deployment of a fresh model's version 1, named freshly. */
const deploymentIn = async (f: Fixture) => {
  const name = `d-${crypto.randomUUID().slice(0, 8)}`;
  await createDeployment({ ctx: f.ctx.admin, input: { name, primary: { model: await modelIn(f), version: 1 } } });
  return name;
};
/** A fresh deployment with a drift monitor. */
const monitoredIn = async (f: Fixture) => {
  const deployment = await deploymentIn(f);
  await setDriftMonitor({ ctx: f.ctx.admin, input: { deployment, cron: "@hourly" } });
  return deployment;
};
const scheduleIn = async (f: Fixture) => createSchedule({ ctx: f.ctx.admin, input: { model: await modelIn(f), cron: "0 2 * * *" } });
const alertIn = async (f: Fixture) => (await raiseAlert({ ctx: f.ctx.member, input: { type: "WARNING", severity: "warning", title: "t", key: crypto.randomUUID() } })).alert.id;
const requestIn = async (f: Fixture) => requestProduction({ ctx: f.ctx.member, input: { name: await modelIn(f), version: 1 } });

const runIn = async (f: Fixture) => {
  const exp = await createExperiment({ ctx: f.ctx.admin, input: { name: `e-${crypto.randomUUID().slice(0, 8)}` } });
  return createRun({ ctx: f.ctx.admin, input: { experimentId: exp.id } });
};

const syntheticIn = (f: Fixture) =>
  generateSyntheticDataset({ ctx: f.ctx.admin, input: { name: `s-${crypto.randomUUID().slice(0, 8)}`, bars: 50 } });

const RANK: Record<Role, number> = { viewer: 0, member: 1, reviewer: 2, admin: 3 };
const CALLERS = ["anonymous", "outsider", "viewer", "member", "reviewer", "admin"] as const;

function expected(minimum: Minimum, who: (typeof CALLERS)[number]): "ok" | TRPCError["code"] {
  if (who === "anonymous") return "UNAUTHORIZED";
  if (minimum === "signed-in") return "ok";
  if (who === "outsider") return "NOT_FOUND";
  return RANK[who] >= RANK[minimum] ? "ok" : "FORBIDDEN";
}

it("the table covers every procedure of the app router", () => {
  expect(Object.keys(appRouter._def.procedures).sort()).toEqual(Object.keys(TABLE).sort());
});

describeWithDatabase("every procedure × role", (database) => {
  it.each(Object.keys(TABLE))("%s", async (path) => {
    const { db } = database();
    const fixture = await makeTeamWithRoles(db);
    const outsider = await makeUser(db, "outsider");
    const entry = TABLE[path]!;
    for (const who of CALLERS) {
      const user =
        who === "anonymous" ? null : who === "outsider" ? outsider : { id: fixture.users[who].id, email: fixture.users[who].email };
      const caller = createCaller({ db, user });
      const outcome = await entry.call(caller, fixture, db).then(
        () => "ok",
        (e: unknown) => (e instanceof TRPCError ? e.code : `unexpected ${String(e)}`),
      );
      expect(`${who}: ${outcome}`).toBe(`${who}: ${expected(entry.minimum, who)}`);
    }
  });
});

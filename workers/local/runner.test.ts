import { eq } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { auditLog, jobSteps } from "@/db/schema";
import { describeWithDatabase } from "@/db/testing/databases";
import { cancelJob } from "@/server/services/jobs/cancel-job";
import { retryDelayMs } from "@/server/services/jobs/finish-job";
import { getJob } from "@/server/services/jobs/get-job";
import { removeMember } from "@/server/services/members/remove-member";
import { makeTeamWithRoles } from "@/server/services/testing";
import { TESTING_JOBS_MODULE } from "@/workers/jobs/testing-jobs";
import { LocalRunner, type LocalRunnerOptions } from "./runner";
import { insertJob, jobLogLines, waitForJob } from "./testing";

const runners: LocalRunner[] = [];
afterEach(async () => {
  for (const r of runners.splice(0)) await r.stop();
});

it("backs off exponentially up to the cap", () => {
  expect([1, 2, 3, 4, 5, 6].map((a) => retryDelayMs(a, 1000, 20_000))).toEqual([1000, 2000, 4000, 8000, 16_000, 20_000]);
});

describeWithDatabase("local job runner", (database) => {
  const startRunner = (opts: Partial<LocalRunnerOptions> = {}) => {
    const runner = new LocalRunner({ db: database().db, workers: 1, pollMs: 25, leaseMs: 5000, definitionsModule: TESTING_JOBS_MODULE, ...opts });
    runners.push(runner);
    return runner.start();
  };
  /** How many times each fold's step body ran, from its log lines. */
  const foldRuns = (lines: { line: string }[], folds: number) =>
    Array.from({ length: folds }, (_, i) => lines.filter((l) => l.line === `fold ${i} computing`).length);

  it("runs a job on a worker thread: steps checkpointed, progress and log lines stored, result kept", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const job = await insertJob(db, ctx.member, "count_folds", { folds: 3 });
    startRunner();
    const done = await waitForJob(db, job.id, ["succeeded", "failed"]);
    expect([done.status, done.result, done.attempts, done.error]).toEqual(["succeeded", { sum: 0 + 1 + 4 }, 1, null]);
    expect([done.progressDone, done.progressTotal, done.progressMessage]).toEqual([3, 3, "fold 3 of 3"]);
    expect([done.leaseOwner, done.leaseExpiresAt, done.finishedAt === null]).toEqual([null, null, false]);
    const steps = await db.select({ stepId: jobSteps.stepId, result: jobSteps.result }).from(jobSteps).where(eq(jobSteps.jobId, job.id));
    expect(steps.sort((a, b) => a.stepId.localeCompare(b.stepId))).toEqual([
      { stepId: "fold-0", result: { square: 0 } },
      { stepId: "fold-1", result: { square: 1 } },
      { stepId: "fold-2", result: { square: 4 } },
    ]);
    expect((await jobLogLines(db, job.id)).map((l) => l.line)).toEqual(["attempt 1 starts", "fold 0 computing", "fold 1 computing", "fold 2 computing"]);
    expect((await getJob({ ctx: ctx.viewer, input: { id: job.id } })).finishedSteps).toBe(3);
  });

  it("resumes a job whose runner died mid-step on another runner, computing again only the step that was running", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const job = await insertJob(db, ctx.member, "count_folds", { folds: 4, foldMs: 50 });
    const first = startRunner({ leaseMs: 300 });
    // The first runner dies (no clean-up, as a SIGKILL would leave it) while fold 2 computes.
    first.on("log", ({ line }: { line: string }) => line === "fold 2 computing" && first.kill());
    await new Promise<void>((resolve) => first.on("log", ({ line }: { line: string }) => line === "fold 2 computing" && resolve()));
    const stranded = await getJob({ ctx: ctx.member, input: { id: job.id } });
    expect([stranded.status, stranded.finishedSteps, stranded.leaseOwner]).toEqual(["running", 2, first.owner]);

    const second = startRunner({ leaseMs: 300 });
    const emitted: string[] = [];
    second.on("log", ({ line }: { line: string }) => emitted.push(line));
    const done = await waitForJob(db, job.id, ["succeeded", "failed"]);
    expect([done.status, done.result, done.attempts, done.leaseOwner]).toEqual(["succeeded", { sum: 0 + 1 + 4 + 9 }, 2, null]);
    // The runner's own lines are `log` events too (worker logs show them).
    expect(emitted).toEqual(["attempt 2 resumes after 2 finished steps", "fold 2 computing", "fold 3 computing"]);
    const lines = await jobLogLines(db, job.id);
    expect(foldRuns(lines, 4)).toEqual([1, 1, 2, 1]);
    expect(lines.map((l) => `${l.attempt}: ${l.line}`)).toEqual([
      "1: attempt 1 starts",
      "1: fold 0 computing",
      "1: fold 1 computing",
      "1: fold 2 computing",
      "2: attempt 2 resumes after 2 finished steps",
      "2: fold 2 computing",
      "2: fold 3 computing",
    ]);
    expect(second.owner).not.toBe(first.owner);
  });

  it("resumes at once, without waiting for the lease, when it is alone on its database (PGlite after a restart)", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const job = await insertJob(db, ctx.member, "count_folds", { folds: 2, foldMs: 50 });
    const first = startRunner({ leaseMs: 600_000 });
    await new Promise<void>((resolve) => first.on("log", ({ line }: { line: string }) => line === "fold 1 computing" && (first.kill(), resolve())));
    startRunner({ exclusive: true });
    const done = await waitForJob(db, job.id, ["succeeded", "failed"], 10_000);
    expect([done.status, done.attempts]).toEqual(["succeeded", 2]);
    expect(foldRuns(await jobLogLines(db, job.id), 2)).toEqual([1, 2]);
  });

  it("drains: the running step finishes and is stored, no other starts, and the job resumes elsewhere from the next", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const job = await insertJob(db, ctx.member, "count_folds", { folds: 3, foldMs: 300 });
    const first = startRunner();
    await new Promise<void>((resolve) => first.on("log", ({ line }: { line: string }) => line === "fold 1 computing" && resolve()));
    const released = new Promise((resolve) => first.on("finished", (e: { status: string }) => resolve(e.status)));
    expect(await first.drain(10_000)).toEqual({ drained: 1, cutOff: 0 });
    expect(await released).toBe("released");
    const queued = await getJob({ ctx: ctx.member, input: { id: job.id } });
    // Fold 1 was computing when the drain began: it finished and was stored; fold 2 never began.
    expect([queued.status, queued.finishedSteps, queued.attempts, queued.leaseOwner]).toEqual(["queued", 2, 0, null]);

    startRunner();
    const done = await waitForJob(db, job.id, ["succeeded", "failed"]);
    expect([done.status, done.result, done.attempts]).toEqual(["succeeded", { sum: 0 + 1 + 4 }, 1]);
    const lines = await jobLogLines(db, job.id);
    expect(foldRuns(lines, 3)).toEqual([1, 1, 1]);
    expect(lines.map((l) => l.line)).toEqual([
      "attempt 1 starts",
      "fold 0 computing",
      "fold 1 computing",
      "attempt 1 stopped after its running step: the runner shut down",
      "attempt 1 resumes after 2 finished steps",
      "fold 2 computing",
    ]);
  });

  it("drains within its timeout: a step still computing then is stopped and given back, its finished steps kept", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const job = await insertJob(db, ctx.member, "count_folds", { folds: 2, foldMs: 60_000 });
    const runner = startRunner();
    await new Promise<void>((resolve) => runner.on("log", ({ line }: { line: string }) => line === "fold 0 computing" && resolve()));
    expect(await runner.drain(100)).toEqual({ drained: 0, cutOff: 1 });
    const queued = await getJob({ ctx: ctx.member, input: { id: job.id } });
    expect([queued.status, queued.finishedSteps, queued.attempts, queued.leaseOwner]).toEqual(["queued", 0, 0, null]);
    // Out of the way of the next tests' runners.
    await cancelJob({ ctx: ctx.member, input: { id: job.id } });
  });

  it("retries a failing step with backoff, keeping the steps before it, then records the failure", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const failing = await insertJob(db, ctx.member, "count_folds", { folds: 3, failFold: 1, failUntilAttempt: 99 });
    const flaky = await insertJob(db, ctx.member, "count_folds", { folds: 3, failFold: 1, failUntilAttempt: 1 });
    startRunner({ retryBaseMs: 100 });

    const failed = await waitForJob(db, failing.id, ["succeeded", "failed"]);
    expect([failed.status, failed.attempts, failed.error, failed.result]).toEqual(["failed", 3, "fold 1 failed on attempt 3", null]);
    const lines = await jobLogLines(db, failing.id);
    expect(foldRuns(lines, 3)).toEqual([1, 3, 0]);
    const failures = lines.filter((l) => l.line.startsWith("attempt") && l.line.includes("failed"));
    expect(failures.map((l) => l.line)).toEqual([1, 2, 3].map((a) => `attempt ${a} failed: fold 1 failed on attempt ${a}`));
    // Each retry started no earlier than its backoff after the failure before it (100, 200 ms).
    const retried = lines.filter((l) => l.line === "fold 1 computing");
    expect(retried[1]!.ts.getTime() - failures[0]!.ts.getTime()).toBeGreaterThanOrEqual(100);
    expect(retried[2]!.ts.getTime() - failures[1]!.ts.getTime()).toBeGreaterThanOrEqual(200);

    const recovered = await waitForJob(db, flaky.id, ["succeeded", "failed"]);
    expect([recovered.status, recovered.attempts, recovered.result, recovered.error]).toEqual(["succeeded", 2, { sum: 5 }, null]);
    expect(foldRuns(await jobLogLines(db, flaky.id), 3)).toEqual([1, 2, 1]);
  });

  it("cancels a running job (its thread stops, nothing more is stored) and a queued one before it starts", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const job = await insertJob(db, ctx.member, "count_folds", { folds: 3, foldMs: 60_000 });
    const runner = startRunner();
    await new Promise<void>((resolve) => runner.on("log", ({ line }: { line: string }) => line === "fold 0 computing" && resolve()));
    const stopped = new Promise((resolve) => runner.on("finished", (e: { jobId: string; status: string }) => e.jobId === job.id && resolve(e.status)));
    await expect(cancelJob({ ctx: ctx.viewer, input: { id: job.id } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const cancelled = await cancelJob({ ctx: ctx.member, input: { id: job.id } });
    expect(cancelled.status).toBe("cancelled");
    // The fold's 60 s wait ends at once: the thread's signal aborts.
    expect(await stopped).toBe("cancelled");
    const after = await getJob({ ctx: ctx.member, input: { id: job.id } });
    expect([after.status, after.finishedSteps, after.result, after.leaseOwner]).toEqual(["cancelled", 0, null, null]);
    await expect(cancelJob({ ctx: ctx.member, input: { id: job.id } })).rejects.toMatchObject({ code: "CONFLICT" });

    await runner.stop();
    const queued = await insertJob(db, ctx.member, "count_folds", { folds: 1 });
    await cancelJob({ ctx: ctx.admin, input: { id: queued.id } });
    startRunner();
    await new Promise((r) => setTimeout(r, 200));
    const untouched = await getJob({ ctx: ctx.member, input: { id: queued.id } });
    expect([untouched.status, untouched.attempts, untouched.startedAt]).toEqual(["cancelled", 0, null]);
    const audit = await db.select().from(auditLog).where(eq(auditLog.targetId, queued.id));
    expect(audit.map((a) => [a.action, a.before, a.after, a.actorUserId])).toEqual([["job.cancel", { status: "queued" }, { status: "cancelled" }, ctx.admin.actor.type === "user" ? ctx.admin.actor.userId : null]]);
  });

  it("sleeps durably and fails at once on input its kind refuses or a creator who left the team", async () => {
    const { db } = database();
    const { ctx, users } = await makeTeamWithRoles(db);
    const sleeper = await insertJob(db, ctx.member, "count_folds", { folds: 1, sleepMs: 150 });
    const bad = await insertJob(db, ctx.member, "count_folds", { folds: 0 });
    const unknown = await insertJob(db, ctx.member, "no_such_kind", {});
    const orphan = await insertJob(db, ctx.reviewer, "count_folds", { folds: 1 });
    await removeMember({ ctx: ctx.admin, input: { userId: users.reviewer.id } });
    startRunner({ retryBaseMs: 10 });
    const slept = await waitForJob(db, sleeper.id, ["succeeded", "failed"]);
    expect(slept.status).toBe("succeeded");
    const steps = await db.select().from(jobSteps).where(eq(jobSteps.jobId, sleeper.id));
    const pause = steps.find((s) => s.stepId === "pause")!.result as { until: number };
    expect(slept.finishedAt!.getTime()).toBeGreaterThanOrEqual(pause.until);
    const refused = await waitForJob(db, bad.id, ["succeeded", "failed"]);
    expect([refused.status, refused.attempts, refused.error]).toEqual(["failed", 1, "invalid input: folds: Too small: expected number to be >=1"]);
    const unknownKind = await waitForJob(db, unknown.id, ["succeeded", "failed"]);
    expect([unknownKind.status, unknownKind.attempts, unknownKind.error]).toEqual(["failed", 1, 'this build has no job kind "no_such_kind"']);
    const orphaned = await waitForJob(db, orphan.id, ["succeeded", "failed"]);
    expect([orphaned.status, orphaned.attempts, orphaned.error]).toEqual(["failed", 1, "the job's creator is no longer a member of its team"]);
  });
});

import { InngestTestEngine } from "@inngest/test";
import { expect, it } from "vitest";
import { describeWithDatabase } from "@/db/testing/databases";
import { getJob } from "@/server/services/jobs/get-job";
import { makeTeamWithRoles } from "@/server/services/testing";
import { countFoldsJob } from "@/workers/jobs/testing-jobs";
import { insertJob, jobLogLines } from "@/workers/local/testing";
import { createJobFunction, TEAM_CONCURRENCY } from "./job-function";

describeWithDatabase("Inngest job function", (database) => {
  const countFolds = () => createJobFunction("count_folds", countFoldsJob, { database: async () => database() });
  const requested = (job: { id: string; teamId: string }) => [{ name: "foldline/count_folds.requested", data: { job_id: job.id, team_id: job.teamId } }] as [never];

  it("runs a job through Inngest's step tools: steps memoised across replays, sleep mocked, log lines written once, the job row finished", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const job = await insertJob(db, ctx.member, "count_folds", { folds: 3, sleepMs: 60_000 });
    const t = new InngestTestEngine({ function: countFolds(), events: requested(job), steps: [{ id: "pause", handler: () => undefined }] });
    const { result, ctx: fnCtx } = await t.execute();
    expect(result).toEqual({ sum: 5 });
    expect(fnCtx.step.sleep).toHaveBeenCalledWith("pause", 60_000);
    expect(fnCtx.step.run).toHaveBeenCalledWith("fold-2", expect.any(Function));

    const done = await getJob({ ctx: ctx.viewer, input: { id: job.id } });
    expect([done.status, done.result, done.attempts, done.leaseOwner, done.error]).toEqual(["succeeded", { sum: 5 }, 1, null, null]);
    expect([done.progressDone, done.progressTotal, done.progressMessage]).toEqual([3, 3, "fold 3 of 3"]);
    // Inngest re-runs the function from the top for each new step; every line is still written once.
    expect((await jobLogLines(db, job.id)).map((l) => l.line)).toEqual(["attempt 1 starts", "fold 0 computing", "fold 1 computing", "fold 2 computing"]);
  });

  it("turns bad input into a non-retriable failure and skips a job cancelled before it started", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const bad = await insertJob(db, ctx.member, "count_folds", { folds: 0 });
    const failed = await new InngestTestEngine({ function: countFolds(), events: requested(bad) }).execute();
    expect(failed.error).toMatchObject({ name: "NonRetriableError", message: expect.stringContaining("expected number to be >=1") });

    const gone = await insertJob(db, ctx.member, "count_folds", { folds: 1 });
    await db.execute(`update jobs set status = 'cancelled' where id = '${gone.id}'`);
    const skipped = await new InngestTestEngine({ function: countFolds(), events: requested(gone) }).execute();
    expect(skipped.result).toEqual({ skipped: "the job was cancelled or had finished before it started" });
  });
});

it("is triggered by foldline/<kind>.requested, cancelled by foldline/job.cancelled on the same job id, limited per team", () => {
  const fn = createJobFunction("walk_forward", countFoldsJob);
  expect(fn.id()).toBe("foldline-walk-forward");
  expect(fn.opts).toMatchObject({
    triggers: [{ event: "foldline/walk_forward.requested" }],
    cancelOn: [{ event: "foldline/job.cancelled", match: "data.job_id" }],
    concurrency: [{ key: "event.data.team_id", limit: TEAM_CONCURRENCY }],
  });
});

import { eq } from "drizzle-orm";
import { jobs } from "@/db/schema";
import { recordAudit } from "../audit/record-audit";
import { requirePermission, type TeamCtx, withTx } from "../context";
import { ServiceError } from "../errors";
import { jobInTeam } from "./access";
import { closeJobRun } from "./close-job-run";
import { getJobDispatcher, type JobDispatcher } from "./dispatch";

/**
 * Cancels a queued or running job: it is `cancelled` at once, its tracking run KILLED. A running
 * job's runner sees it at its next step or heartbeat and stops the computation (cooperatively,
 * then by force); nothing it writes afterwards is kept.
 */
export async function cancelJob({ ctx, input, dispatcher = getJobDispatcher() }: { ctx: TeamCtx; input: { id: unknown }; dispatcher?: JobDispatcher }) {
  requirePermission(ctx, "job:cancel");
  const job = await withTx(ctx, async (tx) => {
    const before = await jobInTeam(tx, ctx, input.id, { forUpdate: true });
    if (before.status !== "queued" && before.status !== "running") {
      throw new ServiceError("CONFLICT", `the job has already ${before.status === "cancelled" ? "been cancelled" : before.status}`, "id");
    }
    const [row] = await tx
      .update(jobs)
      .set({ status: "cancelled", finishedAt: new Date(), updatedAt: new Date(), leaseOwner: null, leaseExpiresAt: null })
      .where(eq(jobs.id, before.id))
      .returning();
    await closeJobRun(tx, before.runId, "KILLED");
    await recordAudit(tx, ctx, { action: "job.cancel", targetType: "job", targetId: before.id, before: { status: before.status }, after: { status: "cancelled" } });
    return row!;
  });
  await dispatcher.cancelled(job);
  return job;
}

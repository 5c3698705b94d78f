import type { z } from "zod";
import { requirePermission, type TeamCtx, withTx } from "../context";
import { deferredDispatch } from "../jobs/deferred-dispatch";
import type { JobDispatcher } from "../jobs/dispatch";
import { deploymentByName } from "../serving/access";
import { monitorOfDeployment } from "./access";
import { queueDriftCheck } from "./queue-drift-check";
import { DeploymentRef } from "./schemas";

/** "Check now": queues a drift check of the deployment at once, as the caller, with its
 * monitor's settings (the defaults without a monitor; its next scheduled check stays as it was).
 * CONFLICT while the monitor's previous check is still queued or running. */
export async function checkDriftNow({ ctx, input, dispatcher }: { ctx: TeamCtx; input: z.input<typeof DeploymentRef>; dispatcher?: JobDispatcher }) {
  requirePermission(ctx, "monitor:run");
  const { deployment: name } = DeploymentRef.parse(input);
  const deferred = deferredDispatch(dispatcher);
  const job = await withTx(ctx, async (tx) => {
    const deployment = await deploymentByName(tx, ctx, name);
    const monitor = await monitorOfDeployment(tx, ctx, deployment.id, true);
    return queueDriftCheck({ ...ctx, db: tx }, deployment, monitor, deferred.dispatcher, new Date());
  });
  await deferred.flush(ctx.db);
  return job;
}

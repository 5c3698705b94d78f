import { monitoringHandlers } from "@/server/api/monitoring-rest";
import { currentUser } from "@/server/auth/session";

export const runtime = "nodejs";

const monitoring = monitoringHandlers({ session: currentUser });
type Params = { params: Promise<{ name: string }> };

/** The deployment's drift monitor: its schedule, what its checks compare, its last and next checks. */
export const GET = async (req: Request, { params }: Params) => monitoring.monitor((await params).name)(req);
/** Set it: `{ cron, timeZone?, enabled?, settings? }` (reviewers and admins). */
export const PUT = async (req: Request, { params }: Params) => monitoring.setMonitor((await params).name)(req);
/** Remove it; its reports stay. */
export const DELETE = async (req: Request, { params }: Params) => monitoring.deleteMonitor((await params).name)(req);

import { monitoringHandlers } from "@/server/api/monitoring-rest";
import { currentUser } from "@/server/auth/session";

export const runtime = "nodejs";

const monitoring = monitoringHandlers({ session: currentUser });
type Params = { params: Promise<{ name: string }> };

/** The deployment's drift reports, newest first (`?limit`, `?before` for the next page). */
export const GET = async (req: Request, { params }: Params) => monitoring.reports((await params).name)(req);
/** Check now: 202 with the queued drift_check job. */
export const POST = async (req: Request, { params }: Params) => monitoring.check((await params).name)(req);

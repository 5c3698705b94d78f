import { monitoringHandlers } from "@/server/api/monitoring-rest";
import { currentUser } from "@/server/auth/session";

export const runtime = "nodejs";

const monitoring = monitoringHandlers({ session: currentUser });

/** Latency (p50/p99) and error rate per time bucket over the last `?hours` (default 24). */
export const GET = async (req: Request, { params }: { params: Promise<{ name: string }> }) => monitoring.health((await params).name)(req);

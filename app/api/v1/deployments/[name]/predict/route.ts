import { deploymentsHandlers } from "@/server/api/deployments-rest";
import { currentUser } from "@/server/auth/session";

export const runtime = "nodejs";

const deployments = deploymentsHandlers({ session: currentUser });

/**
 * Score `{ rows: [{ feature: value, ... }] }` or `{ bars: [{ time, open, high, low, close, volume }], score?: "last" | "all" }`,
 * with an optional `request_key` (sticky A/B arm) → `{ predictions, probabilities?, classes?, intervals?, risk, version, arm, request_id, latency_ms }`.
 */
export const POST = async (req: Request, { params }: { params: Promise<{ name: string }> }) => deployments.predict((await params).name)(req);

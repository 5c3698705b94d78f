import { alertsHandlers } from "@/server/api/alerts-rest";
import { currentUser } from "@/server/auth/session";

export const runtime = "nodejs";

const alerts = alertsHandlers({ session: currentUser });

/** Acknowledge an open alert. */
export const POST = async (req: Request, { params }: { params: Promise<{ id: string }> }) => alerts.acknowledge((await params).id)(req);

import { alertsHandlers } from "@/server/api/alerts-rest";
import { currentUser } from "@/server/auth/session";

export const runtime = "nodejs";

const alerts = alertsHandlers({ session: currentUser });

/** Resolve an open or acknowledged alert. */
export const POST = async (req: Request, { params }: { params: Promise<{ id: string }> }) => alerts.resolve((await params).id)(req);

import { schedulesHandlers } from "@/server/api/schedules-rest";
import { currentUser } from "@/server/auth/session";

export const runtime = "nodejs";

const schedules = schedulesHandlers({ session: currentUser });

/** Retrain now: 202 with the queued retrain job. */
export const POST = async (req: Request, { params }: { params: Promise<{ id: string }> }) => schedules.run((await params).id)(req);

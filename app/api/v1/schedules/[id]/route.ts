import { schedulesHandlers } from "@/server/api/schedules-rest";
import { currentUser } from "@/server/auth/session";

export const runtime = "nodejs";

const schedules = schedulesHandlers({ session: currentUser });
type Params = { params: Promise<{ id: string }> };

/** Change a schedule (admins): any of `cron, timeZone, enabled, gates, onPass`. */
export const PATCH = async (req: Request, { params }: Params) => schedules.update((await params).id)(req);
/** Delete it (admins). */
export const DELETE = async (req: Request, { params }: Params) => schedules.remove((await params).id)(req);

import { schedulesHandlers } from "@/server/api/schedules-rest";
import { currentUser } from "@/server/auth/session";

export const runtime = "nodejs";

const schedules = schedulesHandlers({ session: currentUser });

/** Roll Production back (reviewers): to `{ version }`, or without a body to the version in Production before this one. */
export const POST = async (req: Request, { params }: { params: Promise<{ name: string }> }) => schedules.rollback((await params).name)(req);

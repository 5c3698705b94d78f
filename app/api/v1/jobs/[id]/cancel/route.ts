import { jobsHandlers } from "@/server/api/jobs-rest";
import { currentUser } from "@/server/auth/session";

export const runtime = "nodejs";

const jobs = jobsHandlers({ session: currentUser });

/** Cancel a queued or running job. */
export const POST = async (req: Request, { params }: { params: Promise<{ id: string }> }) => jobs.cancel((await params).id)(req);

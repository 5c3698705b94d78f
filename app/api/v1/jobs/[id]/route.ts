import { jobsHandlers } from "@/server/api/jobs-rest";
import { currentUser } from "@/server/auth/session";

export const runtime = "nodejs";

const jobs = jobsHandlers({ session: currentUser });

/** A job's status, progress, result and links. */
export const GET = async (req: Request, { params }: { params: Promise<{ id: string }> }) => jobs.get((await params).id)(req);

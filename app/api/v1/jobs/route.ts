import { jobsHandlers } from "@/server/api/jobs-rest";
import { currentUser } from "@/server/auth/session";

export const runtime = "nodejs";

const jobs = jobsHandlers({ session: currentUser });

/** The team's jobs (`?status=&kind=&before=&limit=`). */
export const GET = jobs.list;
/** Launch a job: `{ kind, input }` → 202 `{ job_id }`. The OpenAPI document is /api/v1/openapi.json. */
export const POST = jobs.create;

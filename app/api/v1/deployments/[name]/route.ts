import { deploymentsHandlers } from "@/server/api/deployments-rest";
import { currentUser } from "@/server/auth/session";

export const runtime = "nodejs";

const deployments = deploymentsHandlers({ session: currentUser });
type Params = { params: Promise<{ name: string }> };

/** A deployment, its targets (and the versions they name now) and its latest changes. */
export const GET = async (req: Request, { params }: Params) => deployments.get((await params).name)(req);
/** Change it: any of `mode, primary, secondary (null removes), challenger_weight, interval (null removes), log_sample_rate, status, new_name, description`. */
export const PATCH = async (req: Request, { params }: Params) => deployments.update((await params).name)(req);
/** Delete it with its prediction log (admins). */
export const DELETE = async (req: Request, { params }: Params) => deployments.remove((await params).name)(req);

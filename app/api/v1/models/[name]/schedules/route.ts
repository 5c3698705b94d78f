import { schedulesHandlers } from "@/server/api/schedules-rest";
import { currentUser } from "@/server/auth/session";

export const runtime = "nodejs";

const schedules = schedulesHandlers({ session: currentUser });
type Params = { params: Promise<{ name: string }> };

/** The model's retraining schedules with their last and next runs. */
export const GET = async (req: Request, { params }: Params) => schedules.list((await params).name)(req);
/** Add one (admins): `{ cron, timeZone?, enabled?, gates?, onPass? }` → 201. */
export const POST = async (req: Request, { params }: Params) => schedules.create((await params).name)(req);

import { alertsHandlers } from "@/server/api/alerts-rest";
import { currentUser } from "@/server/auth/session";

export const runtime = "nodejs";

/** The team's alerts, most recently seen first (`?status=open,acknowledged&type=&severity=&model_id=&before=&limit=`). */
export const GET = alertsHandlers({ session: currentUser }).list;

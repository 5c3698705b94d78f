import { deploymentsHandlers } from "@/server/api/deployments-rest";
import { currentUser } from "@/server/auth/session";

export const runtime = "nodejs";

const deployments = deploymentsHandlers({ session: currentUser });

/** The team's deployments. */
export const GET = deployments.list;
/** Create one: `{ name, mode, primary: { model, alias | stage | version }, secondary?, challenger_weight?, interval?, log_sample_rate? }` → 201. */
export const POST = deployments.create;
